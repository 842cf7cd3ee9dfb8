"""Action2Sound models: AV-LDM networks, schedulers, training, export (see models/README.md)."""
__version__ = "0.1.0"
