using Microsoft.Net.Http.Headers;

namespace HealthGateway.Api.Dashboard;

/// <summary>One file of the dashboard, held in memory with its content type and a strong ETag.</summary>
public sealed record DashboardAsset(string Name, string ContentType, byte[] Content, EntityTagHeaderValue ETag);
