"""pytest-healthgateway: readiness gates and agent-event checks against a HealthGateway."""

from .client import GatewayClient, GatewayUnreachable, Readiness

__all__ = ["GatewayClient", "GatewayUnreachable", "Readiness"]
__version__ = "0.1.0"
