from django.contrib import admin

from .models import Certificate, PastContract, SupplierCategory, SupplierProfile, WomenOwnership


class CategoryInline(admin.TabularInline):
    model = SupplierCategory
    extra = 0


class ContractInline(admin.TabularInline):
    model = PastContract
    extra = 0
    fields = ["title", "buyer", "year", "amount", "currency", "source_ocid"]
    readonly_fields = ["source_ocid"]


class CertificateInline(admin.TabularInline):
    model = Certificate
    extra = 0


class WomenOwnershipInline(admin.StackedInline):
    model = WomenOwnership
    extra = 0
    readonly_fields = ["verified_by", "verified_at", "declared_at"]


@admin.register(SupplierProfile)
class SupplierProfileAdmin(admin.ModelAdmin):
    # Edits here bypass services.py (and so on_profile_changed): operators use the admin to read and fix data.
    list_display = ["display_name", "country", "size_class", "ungm_level", "visible", "updated"]
    list_filter = ["visible", "size_class", "ungm_level", "country"]
    search_fields = ["name_zh", "name_en", "organisation__name"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]
    inlines = [CategoryInline, ContractInline, CertificateInline, WomenOwnershipInline]
