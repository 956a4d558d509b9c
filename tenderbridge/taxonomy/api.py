"""JSON twins of the category pages, under /api/v1/taxonomy/.

Every code carries `title_en` and `title_zh` (null when there is no Chinese title) and `title`, the title in the
request's language (Accept-Language), falling back to English.
"""

from typing import Annotated, Literal

from django.db.models import Count
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import WithJsonSchema

from tenderbridge.api.errors import ApiError
from tenderbridge.api.schemas import ERRORS, ErrorOut
from tenderbridge.lib.taxonomy.cpv import cpv_code8
from tenderbridge.lib.taxonomy.unspsc import unspsc_level

from .models import CpvCode, UnspscCode
from .search import MAX_RESULTS, search_unspsc
from .suggest import Suggestion, suggest_categories

MAX_TEXT_IN = 20_000  # characters of a description: as much as a profile's description holds

# What the {code} of a path may be, as documented (the views check it and answer 422 otherwise): a pattern also
# keeps the sibling routes (/unspsc/segments, /cpv/divisions) out of the documented codes.
UnspscCodeParam = Annotated[
    str,
    WithJsonSchema({"type": "string", "pattern": "^(0[1-9]|[1-9][0-9])[0-9]{6}$", "description": "8 digits, such as 42132205"}),
]
CpvCodeParam = Annotated[
    str,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[0-9]{8}(-[0-9])?$",
            "description": "8 digits, with or without the check digit",
        }
    ),
]

router = Router(tags=["taxonomy"])

UnspscLevelName = Literal["segment", "family", "class", "commodity"]


class CodeOut(Schema):
    code: str = Field(description="UNSPSC: 8 digits; CPV: 8 digits, a hyphen and the check digit")
    level: str
    title: str = Field(
        description="The title in the request's language; English when there is no Chinese one"
    )
    title_en: str
    title_zh: str | None = Field(description="null when the code has no Chinese title yet")


class CountedCodeOut(CodeOut):
    children: int = Field(description="How many codes sit directly below this one")


class UnspscDetailOut(CodeOut):
    segment: str
    family: str | None = Field(description="null for a segment")
    parent: CodeOut | None
    ancestors: list[CodeOut] = Field(description="Segment first, down to the parent")
    children: list[CodeOut]


class FoundCodeOut(CodeOut):
    matched_by: Literal["code", "title", "vocabulary", "synonym"] = Field(
        description="code: its digits start with the query; title: its title holds the words; vocabulary: a code "
        "of a product the query names (lib/taxonomy/vocabulary.csv); synonym: its title holds a synonym of it"
    )


class UnspscSearchOut(Schema):
    q: str = Field(description="The query as it was understood: normalised and cut to 200 characters")
    level: str | None
    kind: Literal["code", "words", "empty"] = Field(description="Read as a code prefix, as words, or empty")
    total: int = Field(description="How many codes match; at most `limit` of them are listed")
    synonyms: list[str] = Field(description="The product vocabulary's words the query was read as (any language)")
    results: list[FoundCodeOut]


class SuggestIn(Schema):
    text: str = Field(description=f"A company description, any language, at most {MAX_TEXT_IN:,} characters")


class SuggestionOut(CodeOut):
    score: float = Field(description="Higher is better; comparable within one answer only")
    words: list[str] = Field(description="The description's words that named this code (vocabulary synonyms)")
    sources: list[Literal["vocabulary", "meaning", "family"]] = Field(
        description="What found it: the product vocabulary, the closeness in meaning of the description's "
        "clauses to its title, the family classifier"
    )


class SuggestionsOut(Schema):
    suggestions: list[SuggestionOut]


class CpvDetailOut(CodeOut):
    code8: str
    parent: CodeOut | None
    ancestors: list[CodeOut]
    children: list[CodeOut]
    unspsc: list[CodeOut] = Field(
        description="UNSPSC segments and families from the crosswalk, most likely first"
    )


class SearchParams(Schema):
    q: str = Field("", description="Start of a code (digits), or words in English or Chinese")
    level: UnspscLevelName | None = None
    limit: int = Field(MAX_RESULTS, ge=1, le=MAX_RESULTS)


def code_out(code: UnspscCode | CpvCode) -> dict:
    return {
        "code": code.code,
        "level": code.level,
        "title": code.title,
        "title_en": code.title_en,
        "title_zh": code.title_zh or None,
    }


@router.get(
    "/unspsc",
    response={200: UnspscSearchOut, **ERRORS},
    summary="Search UNSPSC codes by code prefix or words (JSON twin of /<lang>/categories/search/)",
)
def unspsc_search(request, params: Query[SearchParams]):
    result = search_unspsc(params.q, params.level, params.limit)
    return {
        "q": result.query,
        "level": result.level,
        "kind": result.kind,
        "total": result.total,
        "synonyms": result.synonyms,
        "results": [{**code_out(code), "matched_by": result.matched_by.get(code.code, "code")}
                    for code in result.codes],
    }


def suggestion_out(suggestion: Suggestion) -> dict:
    return {
        "code": suggestion.code, "level": suggestion.level, "title": suggestion.title,
        "title_en": suggestion.title_en, "title_zh": suggestion.title_zh, "score": suggestion.score,
        "words": list(suggestion.words), "sources": list(suggestion.sources),
    }


@router.post(
    "/unspsc/suggestions",
    response={200: SuggestionsOut, 400: ErrorOut, **ERRORS},  # 400: a body that is not JSON
    summary="The 5 UNSPSC codes that best fit a company description (the products page's suggestions)",
)
def unspsc_suggestions(request, payload: SuggestIn):
    if len(payload.text) > MAX_TEXT_IN:
        message = _("A description can be at most %(limit)s characters; this one has %(length)s.") % {
            "limit": f"{MAX_TEXT_IN:,}", "length": f"{len(payload.text):,}"}
        raise ApiError(422, "validation_error", message,
                       {"fields": [{"location": "body.payload.text", "message": message}]})
    return {"suggestions": [suggestion_out(s) for s in suggest_categories(payload.text)]}


@router.get(
    "/unspsc/segments",
    response={200: list[CountedCodeOut]},
    summary="The UNSPSC segments (JSON twin of /<lang>/categories/)",
)
def unspsc_segments(request):
    segments = UnspscCode.objects.roots().annotate(child_count=Count("children"))
    return [{**code_out(code), "children": code.child_count} for code in segments]


@router.get(
    "/unspsc/{code}",
    response={200: UnspscDetailOut, **ERRORS},
    summary="One UNSPSC code with its ancestors and children (JSON twin of /<lang>/categories/<code>/)",
)
def unspsc_detail(request, code: UnspscCodeParam):
    unspsc = _get_unspsc(code)
    return {
        **code_out(unspsc),
        "segment": unspsc.segment,
        "family": unspsc.family or None,
        "parent": code_out(unspsc.parent) if unspsc.parent else None,
        "ancestors": [code_out(a) for a in unspsc.ancestors()],
        "children": [code_out(c) for c in unspsc.children.all()],
    }


@router.get(
    "/cpv/divisions",
    response={200: list[CountedCodeOut]},
    summary="The CPV divisions (JSON twin of /<lang>/categories/cpv/)",
)
def cpv_divisions(request):
    divisions = CpvCode.objects.roots().annotate(child_count=Count("children"))
    return [{**code_out(code), "children": code.child_count} for code in divisions]


@router.get(
    "/cpv/{code}",
    response={200: CpvDetailOut, **ERRORS},
    summary="One CPV code with its UNSPSC targets (JSON twin of /<lang>/categories/cpv/<code8>/)",
)
def cpv_detail(request, code: CpvCodeParam):
    cpv = _get_cpv(code)
    return {
        **code_out(cpv),
        "code8": cpv.code8,
        "parent": code_out(cpv.parent) if cpv.parent else None,
        "ancestors": [code_out(a) for a in cpv.ancestors()],
        "children": [code_out(c) for c in cpv.children.all()],
        "unspsc": [code_out(t) for t in cpv.unspsc_targets()],
    }


def _get_unspsc(code: str) -> UnspscCode:
    try:
        unspsc_level(code)
    except ValueError:
        raise _malformed(_("A UNSPSC code has 8 digits, such as 42132205.")) from None
    found = UnspscCode.objects.select_related("parent").filter(code=code).first()
    if found is None:
        raise ApiError(404, "not_found", _("There is no UNSPSC code %(code)s.") % {"code": code})
    return found


def _get_cpv(code: str) -> CpvCode:
    try:
        code8 = cpv_code8(code)
    except ValueError:
        raise _malformed(
            _("A CPV code has 8 digits, with or without its check digit, such as 03000000-1.")
        ) from None
    found = CpvCode.objects.select_related("parent").filter(code8=code8).first()
    if found is None:
        raise ApiError(404, "not_found", _("There is no CPV code %(code)s.") % {"code": code8})
    return found


def _malformed(message: str) -> ApiError:
    # The same shape as the project's other 422s, so clients handle one kind of validation error.
    return ApiError(
        422, "validation_error", message, {"fields": [{"location": "path.code", "message": message}]}
    )
