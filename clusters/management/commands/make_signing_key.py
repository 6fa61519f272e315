"""Write a self-signed key and certificate for the system's PDF signature (development and tests only)."""

from django.core.management.base import BaseCommand

from clusters.signatures import write_key_pair


class Command(BaseCommand):
    help = "Tạo cặp khóa và chứng thư số tự ký cho chữ ký số PDF của hệ thống (chỉ dùng để phát triển, kiểm thử)."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Thư mục ghi signing.key.pem và signing.cert.pem")
        parser.add_argument("--common-name", default="Hệ thống Thi đua - Khen thưởng (thử nghiệm)")

    def handle(self, *args, directory, common_name, **options):
        key_path, cert_path, _, certificate = write_key_pair(directory, common_name=common_name)
        self.stdout.write(f"PADES_KEY_FILE={key_path}\nPADES_CERT_FILE={cert_path}\nPADES_TRUST_ROOTS={cert_path}")
        self.stdout.write(
            f"# serial {certificate.serial_number:X}, valid until {certificate.not_valid_after_utc:%Y-%m-%d}"
        )
