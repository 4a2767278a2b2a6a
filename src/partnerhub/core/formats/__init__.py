"""The portal's date and number formats per language (settings.FORMAT_MODULE_PATH). Each module names only
what differs from Django's own formats for that language, which fill in the rest.

Templates use the names, never a pattern: `{{ day|date:"SHORT_DATE_FORMAT" }}` (16 Oct 2019 / 16.10.2019),
`{{ day|date:"DATE_FORMAT" }}` (16 October 2019 / 16. Oktober 2019), `"SHORT_DATETIME_FORMAT"` with the time."""
