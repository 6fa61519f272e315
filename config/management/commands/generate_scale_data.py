"""Load the national-scale data set (issue 6; scale 10: issue 16) into the configured PostgreSQL database."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from clusters.bulk import backend_cpu_seconds
from emulation import scale as scale_data


class Command(BaseCommand):
    help = (
        "Sinh bộ dữ liệu quy mô toàn quốc, xác định theo --seed: 63 tỉnh trước và 34 tỉnh sau sáp nhập, "
        "2.000 cơ quan, 150 cụm/khối, 10 năm thành viên và nhiệm kỳ, giao ước đã ký, chấm điểm, "
        "500.000 khen thưởng, 50.000 đề nghị, 200.000 cá nhân (với --scale 1); --scale 10: gấp mười, 20 năm."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025, help="Hạt giống ngẫu nhiên (mặc định 2025).")
        parser.add_argument("--scale", type=float, default=1.0, help="Hệ số quy mô (1 = kích thước của issue 6).")

    def handle(self, *args, seed, scale, **options):
        if connection.vendor != "postgresql":
            raise CommandError("generate_scale_data needs PostgreSQL (it loads rows with COPY).")
        existing = scale_data.already_generated()
        if existing:
            raise CommandError(
                f"Scale data is already loaded here (seed {existing['seed']}, scale {existing['scale']}). "
                "Use an empty database."
            )
        self.stdout.write(f"Generating national-scale data: seed {seed}, scale {scale}")
        backend = _backend_cpu()
        started = os.times()
        result = scale_data.generate(seed=seed, scale=scale, out=self.stdout.write)
        mine = os.times()
        backend = _backend_cpu() - backend if backend is not None else None
        for name in ("commit", "analyze"):
            self.stdout.write(f"{name:<14} {result['timings'][name]:7.1f} s")
        total = sum(result["timings"].values())
        years = result["years"]
        self.stdout.write(self.style.SUCCESS(f"Loaded in {total:.1f} s ({years[0]}-{years[-1]}). Rows:"))
        for name, count in result["counts"].items():
            self.stdout.write(f"  {name:<34} {count:>10,}")
        size = result["database_size"]
        self.stdout.write(f"Database size (pg_database_size): {size / 2**30:.2f} GiB ({size:,} bytes)")
        # What the load cost in CPU, apart from what the other processes of a shared machine took from it.
        generator = (mine.user + mine.system) - (started.user + started.system)
        database = f"{backend:.0f} s" if backend is not None else "n/a (server on another host)"
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        self.stdout.write(
            f"CPU time: this process {generator:.0f} s, its PostgreSQL backend {database}; "
            f"{os.cpu_count()} CPUs, load average (1, 5, 15 min) {load}"
        )


def _backend_cpu() -> float | None:
    return backend_cpu_seconds()
