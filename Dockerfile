# HealthGateway: build with the SDK, run on the ASP.NET runtime image as its non-root `app` user.
#   docker build -t healthgateway .
#   docker run -p 8080:8080 -e HealthGateway__Services__backend_api__Url=http://api:8000/health healthgateway

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project files alone, so a source change does not invalidate the package layer.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/HealthGateway.Checks/HealthGateway.Checks.csproj src/HealthGateway.Checks/
COPY src/HealthGateway.Api/HealthGateway.Api.csproj src/HealthGateway.Api/
RUN dotnet restore src/HealthGateway.Api/HealthGateway.Api.csproj

COPY src/ src/
RUN dotnet publish src/HealthGateway.Api/HealthGateway.Api.csproj --configuration Release --no-restore --output /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./

# All interfaces on 8080, through the base image's own ASPNETCORE_HTTP_PORTS=8080: the gateway listens where
# ASP.NET Core's settings say (ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS, --urls, Kestrel__Endpoints__…), so
# `docker run -e ASPNETCORE_HTTP_PORTS=9000` moves it (then give HEALTHCHECK below the new port too). Only with
# none of them set does it default to localhost:8080.
EXPOSE 8080

# The numeric id of the image's `app` user, so that runAsNonRoot policies can verify it.
USER $APP_UID

# No curl in the image: the gateway's own binary probes its liveness (exit 0 on 2xx, 1 otherwise, 3 s timeout).
# docker-compose.yml overrides this with a probe of /health/ready to use the container as a readiness gate.
HEALTHCHECK --interval=10s --timeout=5s --start-period=15s --retries=3 \
    CMD ["dotnet", "/app/HealthGateway.Api.dll", "probe", "--url", "http://127.0.0.1:8080/health/live"]

ENTRYPOINT ["dotnet", "/app/HealthGateway.Api.dll"]
