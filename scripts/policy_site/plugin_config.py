"""The policy plugin's options in `mkdocs.yml`. Settings that only make sense together are
checked in `validate`, so a mistake is reported as MkDocs reports any configuration error."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .model import DEFAULT_TIMEZONE
from .settings import setting_problems


class PolicyConfig(base.Config):
    title = c.DictOfItems(c.Type(str))
    """The policy's title in each language; the source language's title is required."""
    source_language = c.Type(str, default="ja")
    """The language whose text is legally binding; others are reference translations."""
    languages = c.ListOfItems(c.Type(str), default=[])
    """The languages the policy is published in, any of the site's; empty means all of them."""
    timezone = c.Type(str, default=DEFAULT_TIMEZONE)
    """The IANA time zone whose date is the policy's "today" (when a version takes effect)."""
    notice_days = c.Type(int, default=0)
    """The least number of days a version is announced before it takes effect; `policy check`
    warns about an upcoming version announced later. 0: no notice period."""

    def validate(self):
        failed, warnings = super().validate()
        if not failed:
            problems = setting_problems(
                self.title, self.source_language, self.languages, self.timezone, self.notice_days
            )
            failed.extend((setting, base.ValidationError(message)) for setting, message in problems)
        return failed, warnings


class PolicyPluginConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the generator off, for example to preview other pages quickly."""
    policies = c.DictOfItems(c.SubConfig(PolicyConfig), default={})
    """The policies, by id; each lives in `docs/<id>/versions/`."""
    editor_language = c.Optional(c.Type(str))
    """The language of the problems and of the `policy` command's messages for editors whose
    terminal names none (LANG unset, C or POSIX); their own LANG wins when it names one."""
