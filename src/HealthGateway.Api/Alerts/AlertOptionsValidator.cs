using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Alerts;

/// <summary>
/// Checks the webhooks at start, so a typo in a URL stops the process with a line naming the entry and the field
/// instead of surfacing as a silent missing alert. URLs are not echoed: their path or query may be a token.
/// </summary>
public sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    private const string Prefix = "HealthGateway";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var errors = new List<string>();
        // Polly refuses timeouts outside 10 ms–1 day; the narrower range here is also what makes sense for an alert.
        if (options.WebhookTimeout < TimeSpan.FromMilliseconds(100) || options.WebhookTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{Prefix}:WebhookTimeout: must be from 00:00:00.100 to 00:05:00, was {options.WebhookTimeout}");
        }

        if (options.WebhookRetries is < 0 or > 10)
        {
            errors.Add($"{Prefix}:WebhookRetries: must be between 0 and 10, was {options.WebhookRetries}");
        }

        if (options.WebhookRetryDelay < TimeSpan.Zero || options.WebhookRetryDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{Prefix}:WebhookRetryDelay: must be from 0 to 00:01:00, was {options.WebhookRetryDelay}");
        }

        if (options.WebhookQueueCapacity is < 1 or > 100_000)
        {
            errors.Add($"{Prefix}:WebhookQueueCapacity: must be between 1 and 100000, was {options.WebhookQueueCapacity}");
        }

        for (var index = 0; index < options.Webhooks.Count; index++)
        {
            ValidateWebhook($"{Prefix}:Webhooks:{index}", options.Webhooks[index], errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateWebhook(string path, WebhookOptions webhook, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(webhook.Url))
        {
            errors.Add($"{path}:Url: missing; expected an absolute http or https URL");
        }
        else if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            errors.Add($"{path}:Url: not an absolute http or https URL");
        }
        else if (uri.UserInfo.Length > 0)
        {
            // HttpClient would silently drop them; say so instead of sending alerts nobody accepts.
            errors.Add($"{path}:Url: credentials in the URL are not sent; put them in {path}:Headers:Authorization");
        }

        foreach (var (header, value) in webhook.Headers)
        {
            if (!HealthGateway.Checks.Core.Targets.HttpToken.IsValid(header))
            {
                errors.Add($"{path}:Headers: {HealthGateway.Checks.Core.Model.ConfigurationText.Quote(header)} is not a valid header name");
            }
            else if (value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal))
            {
                errors.Add($"{path}:Headers:{header}: the value must be one line");
            }
            else if (header.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || header.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                     || header.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{path}:Headers:{header}: set by the gateway; remove it");
            }
        }
    }
}
