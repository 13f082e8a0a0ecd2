using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Kinds.Push;

namespace HealthGateway.Api.Heartbeats;

/// <summary>Registers the gateway's one <see cref="HeartbeatBoard"/>, shared with every push service's check.</summary>
public static class HeartbeatHostingExtensions
{
    /// <summary>The board (also as <see cref="ISharedCheckState"/>, so each check host gets the same one) and the endpoint's JSON.</summary>
    public static WebApplicationBuilder AddHeartbeats(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HeartbeatBoard>();
        builder.Services.AddSingleton<ISharedCheckState>(sp => sp.GetRequiredService<HeartbeatBoard>());
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, HeartbeatJsonContext.Default));
        return builder;
    }
}
