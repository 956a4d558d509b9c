from django.contrib import admin

from .models import Award, Item, Notice, NoticeCategory, Party


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0
    fields = ["ocds_id", "description", "quantity", "unit", "lot_id"]


class CategoryInline(admin.TabularInline):
    model = NoticeCategory
    extra = 0
    fields = ["code", "segment", "family", "origin", "score"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["ocid", "title", "source", "notice_type", "buyer", "published", "deadline"]
    list_filter = ["source", "notice_type", "buyer_family", "status"]
    search_fields = ["ocid", "title"]
    raw_id_fields = ["buyer", "ingest_file"]
    # Compiled by ingest from the raw releases (and holding the one a single-release notice was made from):
    # an edit here would change that release, and the next ingest of the notice would undo it.
    readonly_fields = ["compiled_release"]
    inlines = [ItemInline, CategoryInline]


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "scheme", "identifier", "country", "family", "is_buyer", "is_supplier"]
    list_filter = ["family", "is_buyer", "is_supplier"]
    search_fields = ["name", "identifier"]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["ocds_id", "notice", "value_amount", "value_currency", "date"]
    raw_id_fields = ["notice", "suppliers"]
