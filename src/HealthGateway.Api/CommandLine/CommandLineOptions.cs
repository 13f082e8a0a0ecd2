using System.CommandLine;

namespace HealthGateway.Api.CommandLine;

/// <summary>Options several verbs share, with their validation.</summary>
public static class CommandLineOptions
{
    /// <summary>An absolute http or https URL.</summary>
    public static Option<Uri> Url(string name, string description, string? defaultValue)
    {
        var option = new Option<Uri>(name)
        {
            Description = description,
            HelpName = "url",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    return uri;
                }

                result.AddError($"{name} must be an absolute http or https URL, was '{text}'");
                return null;
            },
        };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => new Uri(defaultValue);
        }

        return option;
    }

    /// <summary>A positive number of seconds.</summary>
    public static Option<double> Seconds(string name, string description, double defaultValue)
    {
        var option = new Option<double>(name)
        {
            Description = description,
            HelpName = "seconds",
            DefaultValueFactory = _ => defaultValue,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is var seconds && (seconds <= 0 || seconds > TimeSpan.FromDays(1).TotalSeconds || double.IsNaN(seconds)))
            {
                result.AddError($"{name} must be a positive number of seconds (at most one day)");
            }
        });
        return option;
    }

    /// <summary>
    /// <c>--services a,b</c> (may repeat): the answer is about those services only, every one of them required,
    /// as <c>/health/ready?services=a,b</c>.
    /// </summary>
    public static Option<string[]> Services() => new("--services")
    {
        Description = "Only these services (comma list; may repeat), every one required, as /health/ready?services=a,b.",
        HelpName = "a,b",
        AllowMultipleArgumentsPerToken = false,
    };
}
