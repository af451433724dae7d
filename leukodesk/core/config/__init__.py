"""The site configuration (RULES §16): one TOML file a hospital deploys.

- :mod:`.model`: the file's tables and keys, validated with the inputs' limits;
- :mod:`.read`: bytes → :class:`~.read.Site` or every error by ``config.<table>.<key>``
  and line; the short hash;
- :mod:`.locate`: where the file is looked for, in order (light: no pydantic, so the
  command line can look before it knows whether a file is there);
- :mod:`.apply`: what it changes (defaults, procedure thresholds, notes, tolerance, stock);
- :mod:`.summary`: what is in force, in words and as JSON.

Pure: no Qt, no state; the configuration is passed to whatever uses it.
"""
