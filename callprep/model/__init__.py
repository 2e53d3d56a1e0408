"""Layer 1, the data model: one TOML loader, validated facts, carriers, scripts, phrases, profile."""
