__title__ = "pulsehr"
__version__ = "0.1.0"
