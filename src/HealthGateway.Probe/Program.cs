using System.Text;
using HealthGateway.Probe;

// healthgateway-probe URL [--timeout 3s] [--expect 200] [--verbose]: one GET, one line on stderr, and an exit code
// (ProbeExitCodes) for HEALTHCHECK and other container probes. Everything runs on this one thread.
var arguments = ProbeArguments.TryParse(args, out var usageError);
var outcome = arguments is null ? new ProbeOutcome(ProbeExitCodes.NoAnswer, usageError) : HttpProbe.Run(arguments);

using (var stderr = Console.OpenStandardError())
{
    stderr.Write(Encoding.UTF8.GetBytes(outcome.Line + "\n"));
}

return outcome.ExitCode;
