using HealthGateway.Api.Notifications;

var builder = WebApplication.CreateBuilder(args);
builder.AddNotifications();

var app = builder.Build();

app.MapGet("/health/live", () => TypedResults.Ok());
app.MapNotifications();

app.Run();
