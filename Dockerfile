# HealthGateway: built as a native executable (Native AOT) with the SDK, run on the small runtime-deps base (no .NET
# runtime in the image: the binary carries the part of it the gateway uses) as its non-root `app` user.
#   docker build -t healthgateway .
#   docker run -p 8080:8080 -e HealthGateway__Services__backend_api__Url=http://api:8000/health healthgateway

# Both stages on Ubuntu 24.04 (noble), so the binary runs against the glibc and OpenSSL it was linked for.
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build

# The native toolchain: clang links the executable, zlib1g-dev provides the zlib it links against.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src

# Restore first, from the project files alone, so a source change does not invalidate the package layer; for the
# runtime identifier and with PublishAot, so the native compiler package is restored here too.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/HealthGateway.Checks/HealthGateway.Checks.csproj src/HealthGateway.Checks/
COPY src/HealthGateway.Api/HealthGateway.Api.csproj src/HealthGateway.Api/
COPY src/HealthGateway.Probe/HealthGateway.Probe.csproj src/HealthGateway.Probe/
RUN dotnet restore src/HealthGateway.Api/HealthGateway.Api.csproj -r linux-x64 -p:PublishAot=true \
    && dotnet restore src/HealthGateway.Probe/HealthGateway.Probe.csproj -r linux-x64 -p:PublishAot=true

COPY src/ src/
# Trim and AOT warnings are errors in this publish (see the csproj): an image is never built from a binary that
# might miss code it needs at run time.
RUN dotnet publish src/HealthGateway.Api/HealthGateway.Api.csproj --configuration Release --no-restore \
        -r linux-x64 -p:PublishAot=true --output /app \
    && dotnet publish src/HealthGateway.Probe/HealthGateway.Probe.csproj --configuration Release --no-restore \
        -r linux-x64 -p:PublishAot=true --output /app \
    && rm -f /app/*.dbg /app/*.pdb /app/*.xml

# Chiseled: no shell, no package manager, only what a .NET native executable needs (glibc, OpenSSL, CA roots).
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./

# All interfaces on 8080, as on the ASP.NET images: the gateway listens where ASP.NET Core's settings say
# (ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS, --urls, Kestrel__Endpoints__…), so `docker run -e ASPNETCORE_HTTP_PORTS=9000`
# moves it (then give HEALTHCHECK below the new port too). Only with none of them set does it default to localhost:8080.
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080

# The numeric id of the image's `app` user, so that runAsNonRoot policies can verify it.
USER $APP_UID

# No curl (and no shell) in the image: /app/healthgateway-probe (src/HealthGateway.Probe, under 2 MiB, a few
# milliseconds and a few MiB per run) GETs the gateway's liveness once: exit 0 on 2xx, 1 on another status, 2 on no
# answer within its 3 s default. Other images copy it in: COPY --from=healthgateway /app/healthgateway-probe
# /usr/local/bin/ (docs/docker-and-kubernetes.md). docker-compose.yml overrides this with a probe of /health/ready to
# use the container as a readiness gate.
HEALTHCHECK --interval=10s --timeout=5s --start-period=15s --retries=3 \
    CMD ["/app/healthgateway-probe", "http://127.0.0.1:8080/health/live"]

ENTRYPOINT ["/app/HealthGateway.Api"]
