"""Cross-source comparison of analysed articles."""
