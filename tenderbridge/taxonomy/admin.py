from django.contrib import admin

from .models import CpvCode, UnspscCode


@admin.register(UnspscCode)
class UnspscCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "title_en", "title_zh"]
    list_filter = ["level"]
    # "^code" searches by code prefix, like the public search.
    search_fields = ["^code", "title_en", "title_zh"]
    # A select box of 13,000 parents would make every change page slow.
    raw_id_fields = ["parent"]


@admin.register(CpvCode)
class CpvCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "title_en"]
    list_filter = ["level"]
    search_fields = ["^code8", "code", "title_en", "title_zh"]
    raw_id_fields = ["parent"]
