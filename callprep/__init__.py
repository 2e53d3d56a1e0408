"""callprep: get ready to cancel a Russian mobile number, in your own language."""

__version__ = "0.1.0"
