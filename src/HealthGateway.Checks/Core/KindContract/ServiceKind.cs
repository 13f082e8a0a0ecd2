using System.Diagnostics.CodeAnalysis;
using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HealthGateway.Checks.Core.KindContract;

/// <summary>
/// The usual way to write an <see cref="IServiceKind"/>: the kind's settings are the public settable properties of
/// <typeparamref name="TOptions"/>, bound from the service's configuration section.
/// </summary>
/// <typeparam name="TOptions">The kind's own options; its property names are the configuration keys it reads.</typeparam>
public abstract class ServiceKind<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions> : IServiceKind
    where TOptions : class, new()
{
    private static readonly IReadOnlyDictionary<string, Type> s_settings = SettingNames.Of(typeof(TOptions));

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Type> Settings => s_settings;

    /// <inheritdoc />
    public virtual IReadOnlyCollection<string> SecretSettings => [];

    /// <inheritdoc />
    public virtual bool RetriesItself => false;

    /// <inheritdoc />
    public ServiceTarget? Read(IConfigurationSection service, Action<string, string> problem)
    {
        var options = Bind(service);
        return ReadTarget(options, problem) is { } target
            ? new ServiceTarget(target, options)
            : null;
    }

    /// <inheritdoc />
    public OwnedCheck? Create(ServiceDefinition definition, ServiceTarget target, CheckServices services) =>
        Create(definition, (TOptions)target.Settings, services);

    /// <inheritdoc />
    public void Register(IHealthChecksBuilder checks, ServiceDefinition definition, ServiceTarget target) =>
        Register(checks, definition, (TOptions)target.Settings);

    /// <inheritdoc />
    public virtual string? Describe(Exception exception, string suffix, Func<Exception, string?> describe) => null;

    /// <inheritdoc />
    public IEnumerable<string> Secrets(IConfigurationSection service) => Secrets(Bind(service));

    /// <summary>Validates <paramref name="options"/>, reporting each problem as (field, message); returns the target to show, or null.</summary>
    protected abstract string? ReadTarget(TOptions options, Action<string, string> problem);

    /// <summary>
    /// Creates the check of <paramref name="definition"/> from <paramref name="options"/>, already validated by
    /// <see cref="ReadTarget"/>; null (the default) for a kind that registers its check in a container instead.
    /// </summary>
    protected virtual OwnedCheck? Create(ServiceDefinition definition, TOptions options, CheckServices services) => null;

    /// <summary>
    /// Adds the check for <paramref name="definition"/> to a container of the service's own; only called when
    /// <see cref="Create(ServiceDefinition, TOptions, CheckServices)"/> returns null, so a kind that creates its checks need not override it.
    /// </summary>
    protected virtual void Register(IHealthChecksBuilder checks, ServiceDefinition definition, TOptions options) =>
        throw new InvalidOperationException($"the {Name} kind neither creates nor registers its checks");

    /// <summary>
    /// Binds <paramref name="service"/> onto <paramref name="options"/>: <c>service.Bind(options)</c> in the kind, where
    /// the options' type is known, so that the configuration-binding generator writes the binding (no reflection, as
    /// the native build needs); a generic call here could only bind by reflection.
    /// </summary>
    protected abstract void Bind(IConfigurationSection service, TOptions options);

    /// <summary>The secrets among <paramref name="options"/>; none by default.</summary>
    protected virtual IEnumerable<string> Secrets(TOptions options) => [];

    private TOptions Bind(IConfigurationSection service)
    {
        var options = new TOptions();
        try
        {
            Bind(service, options);
        }
        catch (InvalidOperationException)
        {
            // A value that does not convert is reported by RawValueChecker before any kind reads it.
        }

        return options;
    }
}
