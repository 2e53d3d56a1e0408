"""Layer 4, documents: rendering (Jinja2 per language), phrasebook, applications, the bundle."""
