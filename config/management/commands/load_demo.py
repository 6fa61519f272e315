"""Load the demo data of every app and print the demo logins."""

import importlib

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from clusters.demo import accounts as organisation_demo

#: Loaders of the other apps, in dependency order; each is `load_demo(*, stdout=None)`.
APP_DEMOS = [
    "emulation.demo.campaigns",
    "emulation.demo.pledges",
    "awards.demo.catalogue",
    "awards.demo.records",
    "awards.demo.ratings",
    "awards.demo.proposals",
    "awards.demo.initiatives",
    "awards.demo.workflow",
    "emulation.demo.scoring",
    "emulation.demo.ballots",
    "emulation.demo.reports",
]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (đơn vị, cụm, khối thật và tài khoản mẫu cho mỗi vai trò) và in thông tin đăng nhập."

    def handle(self, *args, **options):
        accounts = organisation_demo.load_demo(stdout=self.stdout)
        for module_name in APP_DEMOS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name != module_name:
                    raise
                continue
            module.load_demo(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(_("Đã nạp dữ liệu mẫu.")))
        self.stdout.write(
            _("Tài khoản mẫu (mật khẩu chung: %(password)s):") % {"password": organisation_demo.DEMO_PASSWORD}
        )
        width = max(len(username) for username, _role, _unit in accounts)
        for username, role, unit in accounts:
            self.stdout.write(f"  {username.ljust(width)}  {role} — {unit}")
