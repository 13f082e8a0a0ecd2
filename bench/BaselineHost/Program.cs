using HealthChecks.UI.Client;
using HealthGateway.Bench.Baseline;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

// The baselines the gateway's /health/ready is measured against (see docs/BENCHMARKS.md):
//   /plain  the cheapest useful answer an ASP.NET Core app of the default template gives: 200 and "ok";
//   /sized  the same, with a body as long as the gateway's readiness body (Baseline:SizedBodyBytes): what
//           serving that many bytes costs by itself;
//   /stock  what the stock recipe gives: MapHealthChecks with the HealthChecks UI writer, the same five
//           dependencies, every check run on every request, nothing cached;
//   /ws     only with Baseline:WebSockets=true (so /plain stays untouched otherwise): the least a Kestrel WebSocket
//           endpoint can hold per idle connection, to set the gateway's memory per connection against.
// Targets come from configuration (command line: --Baseline:HttpUrl=... etc.).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var targets = builder.Configuration.GetSection("Baseline").Get<BaselineTargets>()
    ?? throw new InvalidOperationException("Baseline:* targets are required");

builder.Services.AddHealthChecks()
    .AddUrlGroup(new Uri(targets.HttpUrl), name: "backend_api", tags: ["http"])
    .AddCheck("websocket_endpoint", new WebSocketConnectCheck(new Uri(targets.WebSocketUrl)), tags: ["websocket"])
    .AddNpgSql(targets.Postgres, name: "database", tags: ["postgres"])
    .AddRedis(targets.Redis, name: "redis", tags: ["redis"])
    .AddCheck("tcp_port", new TcpConnectCheck(targets.TcpHost, targets.TcpPort), tags: ["tcp"]);

var app = builder.Build();
if (targets.WebSockets)
{
    app.UseWebSockets();
    app.Map("/ws", IdleWebSocketEndpoint.ServeAsync);
}

app.MapGet("/plain", () => "ok");
var sized = System.Text.Encoding.UTF8.GetBytes(new string('x', Math.Max(1, targets.SizedBodyBytes)));
app.MapGet("/sized", () => Results.Bytes(sized, "application/json"));
app.MapHealthChecks("/stock", new HealthCheckOptions { ResponseWriter = UIResponseWriter.WriteHealthCheckUIResponse });
app.Run();
