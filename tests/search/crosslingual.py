"""The cross-lingual sets: Chinese queries, as a Chinese SME would type them, and the real English, French and
Spanish notices (by OCID, from the files in CORPUS) that each must find in its first ten results.

Two sets, written by hand from the notices' titles, on different notices:
- DEV_QUERIES: for choosing the search's constants (the similarity floor, the weight of partial word matches,
  the text normalisation before embedding: benchmarks/search_crosslingual.py, docs/search.md);
- QUERIES: the test set (tests/search/test_crosslingual.py), never used to choose anything.
"""

# Paths relative to the data folder: the tenders (not the award statistics) of the demo data.
CORPUS = [
    "ungm-tender-notices-2024-03/ungm_notices_2024-03_scraped_with_header.csv",
    "ocds-uk-contracts-finder-2025q1-cfserver",
    "ocds-uk-contracts-finder-bluetail-2020/ocds",
    "ted-eforms-notices-norway-2022-2024/xml",
    "ocds-real-examples-17-publishers-2014-2018",
]

QUERIES: list[tuple[str, list[str]]] = [
    # UN Global Marketplace (English)
    ("太阳能光伏柴油混合发电系统", ["ungm-228090"]),
    ("向菲律宾供应实验室设备", ["ungm-228034"]),
    ("太阳能热水设备", ["ungm-228153"]),
    ("糖尿病筛查工具", ["ungm-228038"]),
    ("玉米、绿豆、鹰嘴豆和小麦种子", ["ungm-228055"]),
    ("牛饲料", ["ungm-228069"]),
    ("南瓜种子和洋葱种子", ["ungm-228041"]),
    ("实验室和医疗设备的预防性维护与校准", ["ungm-228095"]),
    ("即食餐 蔬菜和肉类", ["ungm-228062"]),
    ("利比里亚的信息通信技术设备", ["ungm-228123"]),
    ("机械化钻井和水井设备", ["ungm-228048"]),
    ("多功能喷墨打印机和墨盒", ["ungm-228063"]),
    ("兽医工具包", ["ungm-228047"]),
    ("植物组织培养用的凝胶剂", ["ungm-228064"]),
    ("内政部专用软件", ["ungm-228080"]),
    ("PVC管道和阀门", ["ungm-228056"]),
    # UK Contracts Finder, Sell2Wales, UK awards (English)
    ("电梯维修和故障保养服务", ["ocds-b5fd17-e78068db-eedc-4eca-bb84-5002df286337"]),
    ("流浪狗收容服务", ["ocds-b5fd17-7c5dbae2-15e1-4c23-a9c8-26cb43a5a861"]),
    ("石棉检测", ["ocds-b5fd17-7caad478-b23d-4ac7-b472-ced6ebea0947"]),
    ("注射泵", ["ocds-b5fd17-60120314-2370-416a-bdef-42ba18a92ee6"]),
    ("门禁和闭路电视监控", ["ocds-b5fd17-cd83e46c-34df-4bdf-8a23-d61b279c4b3d"]),
    ("供应并铺设地毯", ["ocds-b5fd17-128ab96c-b150-486c-84a0-cc8523bdbeb9"]),
    ("屋顶维修", ["ocds-b5fd17-1dec4a9f-a5ec-4849-a92d-7e31f35e8042"]),
    ("大使馆燃油供应", ["ocds-b5fd17-ff589a9f-416a-4bdb-ae39-8047e2581756"]),
    ("妊娠糖尿病监测应用软件", ["ocds-b5fd17-8ae61027-8bf6-401b-b4c9-c0f2f79fc791"]),
    ("厨房和浴室翻新工程", ["ocds-kuma6s-148369", "ocds-kuma6s-147588"]),
    ("割草合同", ["ocds-kuma6s-148160"]),
    ("公共汽车服务", ["ocds-kuma6s-148234"]),
    ("窗户清洁", ["ocds-kuma6s-148002"]),
    ("门板供应", ["ocds-kuma6s-148300"]),
    ("泵站维护", ["ocds-kuma6s-147762"]),
    ("光伏组件（太阳能电池板）供应框架协议", ["ocds-b5fd17raw-afa9333d-69a7-4548-ae0f-84d5c9c81a40"]),
    ("道路清扫车", ["ocds-b5fd17raw-7e2a75df-3e8d-41f5-98f5-a7882a88a14d"]),
    ("过滤器供应框架协议", ["ocds-b5fd17bodsmatch-23345f54-e7e3-4f6b-befb-6c9b52876bb8"]),
    ("新鲜食品", ["ocds-b5fd17bodsmatch-9d25b4e5-4f9a-4aad-87c3-90b51486a801"]),
    ("游乐场设施安装", ["ocds-b5fd17bodsmatch-78ef12fc-40eb-4d07-a81d-1b88e26c7e7f"]),
    ("财务审计服务", ["ocds-b5fd17raw-099688de-2418-4cae-beed-a02ebf00fe53"]),
    ("电子元器件及相关产品", ["ocds-b5fd17bodsmatch-da8d3a05-ac62-4e5d-9a07-01ee10c5a994"]),
    ("职业健康服务", ["ocds-b5fd17suppliermatch-88b8ba25-1773-46b0-b5a5-37a8e3c1097a"]),
    # Mexico, Paraguay (Spanish)
    ("办公设备", ["ocds-xs1qbl-SFIN-03-0011-00-2017"]),
    ("可堆叠软垫椅子和会议桌", ["321"]),
    ("移动厕所服务", ["28"]),
    ("五金用品采购", ["ocds-03ad3f-284182"]),
    ("文件数字化和数据录入服务", ["PC-0011"]),
    ("救护车服务", ["206"]),
    ("整流设备、蓄电池组和空调的供应与安装", ["ocds-03ad3f-273637"]),
    ("手机通信服务", ["297"]),
    ("温室气体排放监测计划", ["5"]),
    ("办公室综合清洁服务", ["40"]),
    ("服装采购", ["64"]),
    # Montréal, TED (French)
    ("光纤安装", ["ocds-a1234567-mt-9f23f127320f8155bb4732e1685bd498cbbffbbd"]),
    ("喷泉雕塑修复", ["ocds-a1234567-mt-a5014b811234d4f49800b717d45654c97ecd898e"]),
    ("自洁式公共厕所", ["ocds-a1234567-mt-e860097a1e95d17d137aa66745bca5e6359205d0"]),
    ("交通影响分析专业服务", ["ocds-a1234567-mt-cf3441e56f93ed8ba552e2d0494d24f45b1b4372"]),
    ("绿地养护和清洁服务", ["ted-022d0ef9-6338-42d9-afa4-a87709128061"]),
]


DEV_QUERIES: list[tuple[str, list[str]]] = [
    ("运输防御墙", ["ungm-228085"]),
    ("研讨会住宿、会议室租赁和餐饮", ["ungm-228068", "ungm-228072"]),
    ("乌兹别克斯坦市场调查", ["ungm-228094"]),
    ("围绕包容性做法的行为改变传播活动", ["ungm-228092"]),
    ("质量标准和能力建设专业服务", ["ungm-228089"]),
    ("青年调查和技术报告", ["ungm-228073"]),
    ("农村电力管理局能力评估", ["ungm-228087"]),
    ("儿童家庭暴力支持服务", ["ocds-b5fd17-a5e45aec-2d31-48df-97dc-e6dff1d22609"]),
    ("购买特种车辆", ["ocds-b5fd17-8d84c691-fc64-4f64-b240-443a0af1ba82"]),
    ("不间断电源设备", ["ocds-b5fd17-11cf6cde-0e0a-4550-9796-ef30b68e58e8"]),
    ("停车场运营", ["ocds-b5fd17-3dcd75c1-ff7a-41b5-9270-ce49495cc1d1"]),
    ("网络布线框架协议", ["ocds-b5fd17-ad92c4d5-3157-4cf7-9d10-ed6954693fbf"]),
    ("车队管理系统", ["ocds-b5fd17-75fdf74e-7aa6-42fe-8132-9793ae1553a7"]),
    ("链式葫芦", ["ocds-b5fd17-a970fca2-2d97-4cbb-8cbf-4cfde4b07ff8"]),
    ("安防系统维护和支持", ["ocds-kuma6s-148361"]),
    ("航展餐饮特许经营", ["ocds-kuma6s-148372"]),
    ("数字学位证书", ["ocds-kuma6s-148221"]),
    ("车辆专业清洁和消毒", ["ocds-kuma6s-148399"]),
    ("印刷品和文具供应框架", ["ocds-b5fd17bodsmatch-4755f5fc-2ef3-4d7f-9ab4-79569cb06681"]),
    ("保险服务", ["ocds-b5fd17suppliermatch-202c035d-3724-4f7d-9986-50d29f4f5bd4"]),
    ("法律咨询框架协议", ["ocds-b5fd17suppliermatch-521eb085-3a9f-42a6-9a9d-a2ff695f36b6"]),
    ("印刷表格", ["ocds-xs1qbl-15-0010-00-2017", "ocds-xs1qbl-SFIN-03-0016-00-2017"]),
    ("城市街区石块路面铺设", ["ocds-03ad3f-284745"]),
    ("个人数据保护培训课程", ["PC-0014"]),
    ("计算机取证技术咨询", ["PC-0017"]),
    ("野生动物救护计划", ["6"]),
    ("网站设计服务", ["203"]),
    ("雨水排水系统研究", ["175"]),
    ("发光标志牌的技术评估", ["ocds-a1234567-mt-063635891f001755a1637786dd047485f3dcfaf6"]),
    ("公园戏水设施的设计图纸", ["ocds-a1234567-mt-bb81aae9508ce913e138c1f13fb37c8b369ded98"]),
    ("照明项目技术支持", ["ocds-a1234567-mt-ce3fdc49bab7800f299971b32c51c0212cb41268"]),
]


def recall_at(found: list[str], wanted: list[str], k: int = 10) -> float:
    """The share of the wanted notices among the first k found."""
    top = set(found[:k])
    return sum(1 for ocid in wanted if ocid in top) / len(wanted)
