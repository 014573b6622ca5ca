"""The framework and thematic codebooks that ship with qualcode (YAML package data)."""
