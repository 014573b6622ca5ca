"""Indonesian for every text of the workbench, keyed by the English that the code writes
(`i18n.tr`). `{name}` fields stay as they are; a test checks that every text the workbench
shows has its entry here, with the same fields."""

ID: dict[str, str] = {
}
