from django.core.management.base import BaseCommand

from awards.services.catalogue import ensure_catalogue


class Command(BaseCommand):
    help = "Nạp danh mục danh hiệu thi đua, hình thức khen thưởng và điều kiện (Luật 2022, NĐ 98/2023, NĐ 152/2025)."

    def handle(self, *args, **options):
        types = ensure_catalogue()
        self.stdout.write(self.style.SUCCESS(f"Danh mục có {len(types)} danh hiệu, hình thức."))
