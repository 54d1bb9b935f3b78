"""Rebuilds hrparks/documents/word/reference.docx, the GB/T 9704 styles every generated Word file starts from."""

from django.core.management.base import BaseCommand

from hrparks.documents.rendering.word_reference import build


class Command(BaseCommand):
    help = "Rebuild the Word reference document (page set-up and styles of GB/T 9704-2012)."

    def handle(self, *args, **options):
        path = build()
        self.stdout.write(self.style.SUCCESS(f"Written {path}"))
