"""How well categories are suggested from a company description (taxonomy/suggest.py).

    DJANGO_SETTINGS_MODULE=tenderbridge.settings .venv/bin/python benchmarks/category_suggestions.py

Eight descriptions written the way Yangtze River Delta SMEs describe themselves (Chinese, one English), each with
the UNSPSC codes a reviewer judged right for it (a class, or any commodity in it, counts). Prints, per
description, the top 5 with ✓/✗, and in all: precision@5 (share of suggestions that are right), the share of
descriptions whose first suggestion is right, and the share with at least one right in the top 5. The same run
for each reading alone (vocabulary / vectors) shows what each adds.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tenderbridge.settings")

import django  # noqa: E402

django.setup()

from tenderbridge.taxonomy import suggest  # noqa: E402

CASES = [
    ("LED and solar, Jiangsu",
     "我们是江苏常州的一家照明与光伏企业，主要生产LED路灯、LED灯具、太阳能路灯、光伏组件（太阳能电池板）和离网太阳能发电系统，"
     "产品出口东南亚和非洲，通过ISO 9001和CE认证。",
     {"391116", "391115", "391016", "391100", "261319", "261116", "261315", "391015"}),
    ("medical gloves, Zhejiang",
     "浙江某医疗用品有限公司，专业生产一次性丁腈手套、乳胶检查手套和外科手术手套，年产能20亿只，产品通过FDA和CE认证。",
     {"421322", "421315", "461815"}),
    ("office furniture, Shanghai",
     "上海的办公家具制造商，提供办公桌、办公椅、文件柜、会议桌和学校课桌椅，可按项目定制。",
     {"561017", "561121", "561215", "561015", "561100", "561200"}),
    ("water purification, Jiangsu",
     "公司主营净水设备、反渗透纯水设备、太阳能水泵和农村饮水安全工程设备，服务于非洲和南亚的供水项目。",
     {"471015", "401616", "481017", "401515", "471000", "261319"}),
    ("laptops and IT, Hangzhou",
     "杭州一家信息技术公司，销售笔记本电脑、台式电脑、服务器和网络交换机，并提供系统集成和运维服务。",
     {"432115", "432116", "432226", "432100", "811115", "811100", "811120", "432220"}),
    ("consulting, Nanjing",
     "南京的管理咨询公司，为政府和国际组织提供项目评估、能力建设培训和环境影响评价咨询服务。",
     {"801015", "801016", "861017", "861000", "771015", "801000", "811200", "811300"}),
    ("tents and relief items, Ningbo",
     "宁波的户外用品工厂，生产救灾帐篷、防水篷布、蚊帐和毛毯，多次供应联合国难民署的应急物资。",
     {"491215", "951418", "302658", "521215", "570000"}),
    ("garments, English",
     "We are a garment factory in Suzhou making uniforms, work wear, protective coveralls and school uniforms.",
     {"531027", "461815", "531000", "531015", "531016"}),
]


def right(code: str, good: set[str]) -> bool:
    return any(code.startswith(prefix.rstrip("0") or prefix) or prefix.startswith(code.rstrip("0"))
               for prefix in good)


def run(label: str, patch: dict) -> None:
    saved = {name: getattr(suggest, name) for name in patch}
    for name, value in patch.items():
        setattr(suggest, name, value)
    try:
        total_right, first, some, seconds = 0, 0, 0, []
        for name, text, good in CASES:
            started = time.perf_counter()
            found = suggest.suggest_categories(text, k=5)
            seconds.append(time.perf_counter() - started)
            marks = [right(s.code, good) for s in found]
            total_right += sum(marks)
            first += bool(marks and marks[0])
            some += any(marks)
            if label == "product":
                print(f"  {name}")
                for s, ok in zip(found, marks, strict=True):
                    print(f"    {'✓' if ok else '✗'} {s.code} {s.title_en[:50]} / {s.title_zh or ''} "
                          f"{s.score:.2f} {','.join(s.sources)}")
        n = len(CASES)
        print(f"{label}: precision@5 {total_right / (5 * n):.3f}, first right {first}/{n}, "
              f"some right in 5 {some}/{n}, per description p50 {sorted(seconds)[n // 2] * 1000:.0f} ms")
    finally:
        for name, value in saved.items():
            setattr(suggest, name, value)


if __name__ == "__main__":
    suggest.suggest_categories("warm up: 光伏")  # loads the encoder and the title vectors
    run("product", {})
    run("vocabulary alone", {"_by_meaning": lambda text: [], "FAMILY_WEIGHT": 0.0})
    run("vectors alone", {"VOCABULARY_WEIGHT": 0.0, "FAMILY_WEIGHT": 0.0})
