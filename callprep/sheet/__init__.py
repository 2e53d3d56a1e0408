"""Layer 2, the Sheet: a localized plain data model of one prep sheet, built from the model. Pure."""
