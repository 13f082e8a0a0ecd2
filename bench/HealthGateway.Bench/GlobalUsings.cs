// HealthGateway.Testing has a ServerProcess of its own (a database server process); the bench's is the web server
// under measurement. Every bench file imports both namespaces.
global using ServerProcess = HealthGateway.Bench.Infrastructure.ServerProcess;
