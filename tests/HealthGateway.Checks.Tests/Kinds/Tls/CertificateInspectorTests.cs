using System.Net.Security;
using HealthGateway.Checks.Kinds.Tls;
using HealthGateway.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace HealthGateway.Checks.Tests.Kinds.Tls;

/// <summary>The certificate verdicts, on certificates the test generates, at a clock the test sets.</summary>
public sealed class CertificateInspectorTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private readonly FakeTimeProvider _time;

    public CertificateInspectorTests() => _time = new FakeTimeProvider(_certificates.Now);

    [Fact]
    public void ACertificateFromTheTrustedPrivateCaWithAMonthLeftIsHealthy()
    {
        var inspection = Inspector(new CertificateOptions { CaCertificate = _certificates.CaCertificatePemPath })
            .Inspect(_certificates.Valid, null, SslPolicyErrors.RemoteCertificateChainErrors);
        Assert.Equal(HealthStatus.Healthy, inspection.Status);
        Assert.Null(inspection.Description);
        Assert.True(inspection.Accept);
        Assert.Equal(
            new CertificateSummary("CN=127.0.0.1", new DateTimeOffset(_certificates.Valid.NotAfter.ToUniversalTime(), TimeSpan.Zero), 29),
            inspection.Certificate);
        var data = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object>>(inspection.ToData()["certificate"]);
        Assert.Equal("CN=127.0.0.1", data["subject"]);
        Assert.Equal(29, data["daysLeft"]);
    }

    [Fact]
    public void ACertificateExpiringInThreeDaysIsDegradedAndSaysSo()
    {
        var inspection = Inspector(new CertificateOptions { CaCertificate = _certificates.CaCertificatePemPath })
            .Inspect(_certificates.ExpiringSoon, null, SslPolicyErrors.None);
        Assert.Equal(HealthStatus.Degraded, inspection.Status);
        Assert.StartsWith("certificate expires in 3 days (on ", inspection.Description);
        Assert.True(inspection.Accept);
    }

    [Fact]
    public void TheWarningDaysAreConfigurable()
    {
        var inspection = Inspector(new CertificateOptions { CaCertificate = _certificates.CaCertificatePemPath, CertificateWarningDays = 2 })
            .Inspect(_certificates.ExpiringSoon, null, SslPolicyErrors.None);
        Assert.Equal(HealthStatus.Healthy, inspection.Status);
    }

    [Fact]
    public void TheClockDecidesWhenAValidCertificateBecomesExpiring()
    {
        var inspector = Inspector(new CertificateOptions { CaCertificate = _certificates.CaCertificatePemPath });
        Assert.Equal(HealthStatus.Healthy, inspector.Inspect(_certificates.Valid, null, SslPolicyErrors.None).Status);
        _time.Advance(TimeSpan.FromDays(20));
        var later = inspector.Inspect(_certificates.Valid, null, SslPolicyErrors.None);
        Assert.Equal(HealthStatus.Degraded, later.Status);
        Assert.Equal(9, later.Certificate!.DaysLeft);
    }

    [Fact]
    public void AnExpiredCertificateIsUnhealthyWithTheDate()
    {
        var inspection = Inspector(new CertificateOptions { CaCertificate = _certificates.CaCertificatePemPath })
            .Inspect(_certificates.Expired, null, SslPolicyErrors.RemoteCertificateChainErrors);
        Assert.Equal(HealthStatus.Unhealthy, inspection.Status);
        Assert.Equal($"certificate expired on {_certificates.Expired.NotAfter.ToUniversalTime():yyyy-MM-dd}", inspection.Description);
        Assert.False(inspection.Accept);
        Assert.True(inspection.Certificate!.DaysLeft < 0);
    }

    [Fact]
    public void ASelfSignedCertificateIsNotTrustedByTheSystemStore()
    {
        var inspection = Inspector(new CertificateOptions()).Inspect(_certificates.SelfSigned, null, SslPolicyErrors.RemoteCertificateChainErrors);
        Assert.Equal(HealthStatus.Unhealthy, inspection.Status);
        Assert.Equal("certificate not trusted: self-signed; trust it with CaCertificate", inspection.Description);
        Assert.False(inspection.Accept);
    }

    [Fact]
    public void ASelfSignedCertificateIsNotTrustedByAnotherCa()
    {
        var inspection = Inspector(new CertificateOptions { CaCertificate = _certificates.CaCertificatePemPath })
            .Inspect(_certificates.SelfSigned, null, SslPolicyErrors.RemoteCertificateChainErrors);
        Assert.Equal("certificate not trusted: self-signed and not in CaCertificate", inspection.Description);
    }

    [Fact]
    public void ASelfSignedCertificateGivenAsItsOwnCaIsTrusted()
    {
        var inspection = Inspector(new CertificateOptions { CaCertificate = _certificates.SelfSignedPemPath })
            .Inspect(_certificates.SelfSigned, null, SslPolicyErrors.RemoteCertificateChainErrors);
        Assert.Equal(HealthStatus.Healthy, inspection.Status);
    }

    [Fact]
    public void APrivateCaLeafIsNotTrustedWithoutTheCaFile()
    {
        var inspection = Inspector(new CertificateOptions()).Inspect(_certificates.Valid, null, SslPolicyErrors.RemoteCertificateChainErrors);
        Assert.Equal(HealthStatus.Unhealthy, inspection.Status);
        Assert.StartsWith("certificate not trusted: ", inspection.Description);
        Assert.Contains("CaCertificate", inspection.Description);
    }

    [Fact]
    public void ANameMismatchIsNotTrusted()
    {
        var inspection = Inspector(new CertificateOptions { CaCertificate = _certificates.CaCertificatePemPath })
            .Inspect(_certificates.Valid, null, SslPolicyErrors.RemoteCertificateNameMismatch);
        Assert.Equal("certificate not trusted: it is not issued for this host name", inspection.Description);
    }

    [Fact]
    public void AllowInvalidCertificateAcceptsAnythingAndSaysItDidNotValidate()
    {
        var inspection = Inspector(new CertificateOptions { AllowInvalidCertificate = true })
            .Inspect(_certificates.Expired, null, SslPolicyErrors.RemoteCertificateChainErrors);
        Assert.Equal(HealthStatus.Healthy, inspection.Status);
        Assert.True(inspection.Accept);
        Assert.Equal("certificate not validated (AllowInvalidCertificate)", inspection.Description);
        Assert.NotNull(inspection.Certificate);
    }

    [Fact]
    public void AMissingCaFileIsRefusedWithItsPath()
    {
        var path = Path.Combine(Path.GetTempPath(), "healthgateway-no-such-ca.pem");
        var error = Assert.Throws<InvalidOperationException>(() => Inspector(new CertificateOptions { CaCertificate = path }));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void TheValidationCallbackRecordsTheLastCertificateAndRejectsAnUntrustedOne()
    {
        var inspector = Inspector(new CertificateOptions { CaCertificate = _certificates.CaCertificatePemPath });
        Assert.Null(inspector.LastInspection);
        Assert.False(inspector.Validate(this, _certificates.SelfSigned, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.Equal(HealthStatus.Unhealthy, inspector.LastInspection!.Status);
        Assert.True(inspector.Validate(this, _certificates.Valid, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.Equal(HealthStatus.Healthy, inspector.LastInspection!.Status);
    }

    public void Dispose() => _certificates.Dispose();

    private CertificateInspector Inspector(CertificateOptions options) => new(options, _time);
}
