"""Everything a fresh machine needs to show the app: migrate, demo data, serve.

`manage.py` points this command at an embedded SQLite database with Celery
tasks run in-process unless DATABASE_URL is set, so it serves with nothing
else running.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy bản trình diễn: tạo CSDL, nạp dữ liệu mẫu, chạy máy chủ tại http://127.0.0.1:8000/"

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="Chỉ chuẩn bị dữ liệu, không chạy máy chủ.")

    def handle(self, *args, addrport, no_serve, **options):
        from pathlib import Path

        from django.conf import settings

        if settings.PADES_KEY_FILE and not Path(settings.PADES_KEY_FILE).exists():
            call_command("make_signing_key", str(Path(settings.PADES_KEY_FILE).parent), stdout=self.stdout)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_demo", stdout=self.stdout)
        if not no_serve:
            self.stdout.write(f"\nMở http://{addrport}/ và đăng nhập bằng một tài khoản ở trên.\n")
            call_command("runserver", addrport, use_reloader=False)
