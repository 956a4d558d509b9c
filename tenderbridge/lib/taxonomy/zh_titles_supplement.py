"""Hand-written Simplified-Chinese titles for UNSPSC segments and families.

Provenance: written by TenderBridge, translating the UNGM English title (unspsc-ungm-codeset), using
the terminology of the UNSPSC v7 (2005) Chinese titles where they exist (e.g. "…和附件", "…用品",
"…用药物"). They are ours, not UNDP/GS1 translations, and are used only where the v7 list cannot give
a title for the code's current meaning.

- SUPPLEMENT: segments and families that v7 does not have, has without a Chinese title, or has with an
  English title that no longer matches the current code (see unspsc.english_titles_agree).
- CORRECTIONS: segments and families whose v7 Chinese title is present but wrong or stale for the
  current English title (the code was narrowed, or the 2005 translation was a mistake); these win over v7.
"""

SUPPLEMENT: dict[str, str] = {
    # Segments
    "57000000": "人道主义救援物品、套件或附件",  # Humanitarian Relief Items, Kits, or Accessories
    "64000000": "金融工具、产品、合同和协议",  # Financial Instruments, Products, Contracts and Agreements
    "95000000": "土地、建筑物、构筑物和道路",  # Land and Buildings and Structures and Thoroughfares
    # Families
    "10200000": "活玫瑰植株",  # Live rose bushes
    "10210000": "品种繁多的花卉活植株",  # Live plants of high species or variety count flowers
    "10220000": "品种较少的花卉活植株",  # Live plants of low species or variety count flowers
    "11170000": "合金",  # Alloys
    "11180000": "金属氧化物",  # Metal oxide
    "11190000": "金属废料、碎料和副产品",  # Metal waste scrap and by products
    "23240000": "金属切削机械和附件",  # Metal cutting machinery and accessories
    "23250000": "金属成形机械和附件",  # Metal forming machinery and accessories
    "23260000": "快速成型机械和附件",  # Rapid prototyping machinery and accessories
    "23270000": "焊接、软钎焊和硬钎焊机械、附件和用品",  # Welding and soldering and brazing machinery and accessories and supplies
    "23280000": "金属处理机械",  # Metal treatment machinery
    "23290000": "工业机床",  # Industrial machine tools
    "23300000": "线材加工机械和设备",  # Wire machinery and equipment
    "30240000": "便携式结构建筑构件",  # Portable Structure Building Components
    "30250000": "地下采矿构筑物和材料",  # Underground mining structures and materials
    "30260000": "结构材料",  # Structural materials
    "31180000": "填料、密封压盖、护套和罩盖",  # Packings glands boots and covers (v7: "Gaskets and seals")
    "31390000": "机加工件",  # Machinings
    "31400000": "垫片",  # Gaskets
    "31410000": "密封件",  # Seals
    "31420000": "烧结件",  # Sintered parts
    "32150000": "自动化控制装置、部件和附件",  # Automation control devices and components and accessories
    "39130000": "电线管理装置、附件和用品",  # Electrical wire management devices and accessories and supplies
    "40170000": "管子、管道和管件",  # Pipe piping and pipe fittings
    "40180000": "管、管材和管接头",  # Tubes tubing and tube fittings
    "41150000": "临床实验室和毒理学检测系统、部件和用品",  # Clinical laboratory and toxicology testing systems, components, and supplies
    "41170000": "诊断和微生物学器械",  # Diagnostic and microbiological devices
    "42320000": "骨科手术植入物",  # Orthopedic surgical implants
    "46200000": "国防、执法、安保和安全培训设备",  # Defense and law enforcement and security and safety training equipment
    "46210000": "工作场所安全设备、用品和培训材料",  # Workplace safety equipment and supplies and training materials
    "46220000": "军用武器弹药解除和销毁设备及相关产品",  # Military weapon and ammunition disarmament and disposal equipment and related products
    "48130000": "殡葬设备和材料",  # Funeral equipment and materials
    "50300000": "新鲜水果",  # Fresh fruits
    "50310000": "有机新鲜水果",  # Organic fresh fruits
    "50320000": "水果干",  # Dried fruit
    "50330000": "有机水果干",  # Dried organic fruit
    "50340000": "冷冻水果",  # Frozen fruit
    "50360000": "罐装或瓶装水果",  # Canned or jarred fruit
    "50370000": "罐装或瓶装有机水果",  # Canned or jarred organic fruit
    "50380000": "新鲜果泥",  # Fresh fruit purees
    "50400000": "新鲜蔬菜",  # Fresh vegetables
    "50410000": "有机新鲜蔬菜",  # Organic fresh vegetables
    "50420000": "干制蔬菜",  # Dried vegetables
    "50430000": "有机干制蔬菜",  # Dried organic vegetables
    "50440000": "冷冻蔬菜",  # Frozen vegetables
    "50450000": "有机冷冻蔬菜",  # Frozen organic vegetables
    "50460000": "罐装或瓶装蔬菜",  # Canned or jarred vegetables
    "50470000": "罐装或瓶装有机蔬菜",  # Canned or jarred organic vegetables
    "50500000": "营养补充剂",  # Nutritional supplements
    "51100000": "抗阿米巴药、抗滴虫药和抗原虫药",  # Amebicides and trichomonacides and antiprotozoals (v7: "Anti infective drugs")
    "51120000": "抗心律失常药、抗心绞痛药、心脏停搏液和心力衰竭用药物",  # Antiarrythmics and antianginals and cardioplegics and drugs for heart failure (v7: "Cardiovascular drugs")
    "51260000": "肾上腺素能阻断药",  # Adrenergic blocking agents
    "51270000": "麻醉药及相关辅助药和苏醒药",  # Anaesthetic drugs and related adjuncts and analeptics
    "51280000": "抗菌药",  # Antibacterials
    "51290000": "抗抑郁药",  # Antidepressants
    "51300000": "抗真菌药物",  # Antifungal drugs
    "51310000": "抗组胺药或H1受体阻断药",  # Antihistamines or H1 blockers
    "51320000": "抗高血脂药和降胆固醇药",  # Antihyperlipidemic and hypocholesterolemic agents
    "51330000": "抗精神病药",  # Antipsychotics
    "51340000": "抗病毒药物",  # Antiviral drugs
    "51350000": "雌激素、孕激素和内用避孕药",  # Estrogens and progestins and internal contraceptives
    "51360000": "催眠药",  # Hypnotics
    "51370000": "管制类镇痛药",  # Controlled substance analgesics
    "51380000": "非甾体抗炎药（NSAIDs）",  # Nonsteroidal anti inflammatory drugs NSAIDs
    "51390000": "拟交感神经药或肾上腺素能药",  # Sympathomimetic or adrenergic drugs
    "51400000": "镇静药、抗躁狂药和抗焦虑药",  # Tranquilizers and antimanic and antianxiety drugs
    "51410000": "血管扩张药",  # Vasodilators
    "51420000": "皮质类固醇",  # Corticosteroids
    "51430000": "抗高血压药物",  # Antihypertensive drugs
    "51440000": "放射性药物和造影剂",  # Radiopharmaceuticals and contrast media
    "51450000": "驱虫药",  # Anthelmintics
    "51460000": "草药",  # Herbal drugs
    "51470000": "消毒防腐药",  # Antiseptics
    "56130000": "商品陈列家具和附件",  # Merchandising furniture and accessories
    "56140000": "装饰品",  # Decorative adornments
    "57010000": "生存用品",  # Survival supplies
    "57020000": "人道主义救援行动相关服务",  # Services related to humanitarian relief actions
    "57030000": "人道主义卫生用品",  # Humanitarian health supplies
    "57040000": "教育或娱乐用品",  # Educational or recreational items
    "57050000": "人道主义救援食品",  # Humanitarian relief food
    "57060000": "庇护所和救济物品",  # Shelter and relief items
    "57070000": "人道主义后勤用品",  # Humanitarian logistics supplies
    "57080000": "人道主义信息技术设备",  # Humanitarian IT equipment
    "64100000": "银行提供的产品",  # Bank offered products
    "64110000": "证券",  # Securities
    "64120000": "可保利益合同",  # Insurable interest contracts
    "64140000": "政府产权授予",  # Governmental property right conferrals
    "70190000": "农业机械设备组装和安装服务",  # Agricultural machinery and equipment assembly and installation services
    "72110000": "住宅建筑施工服务",  # Residential building construction services
    "72120000": "非住宅建筑施工服务",  # Nonresidential building construction services
    "72140000": "重型工程施工服务",  # Heavy construction services
    "72150000": "专业工种施工和维护服务",  # Specialized trade construction and maintenance services
    "77140000": "环境实验室服务",  # Environmental laboratory services
    "78140000": "运输服务",  # Transport services (v7: "Transport operations")
    "78200000": "航空相关服务和咨询",  # Aviation-Related Services And Consultancy
    "80170000": "公共关系和专业传播服务",  # Public relations and professional communications services
    "81160000": "信息技术服务交付",  # Information Technology Service Delivery
    "81170000": "生物科学服务",  # Biological science services
    "82160000": "影视和戏剧制作支持服务",  # Film and theater production support services
    "84110000": "会计和簿记服务",  # Accounting and bookkeeping services (v7: "Accounting and auditing")
    "85160000": "医疗外科设备维护、翻新和维修服务",  # Medical Surgical Equipment Maintenance Refurbishment and Repair Services
    "85170000": "临终和殡葬支持服务",  # Death and dying support services
    "85210000": "传染病和寄生虫病诊断（A部分）",  # Diagnoses of infectious and parasitic diseases-part a
    "85260000": "内分泌、营养和代谢疾病诊断",  # Diagnoses of endocrine, nutritional and metabolic diseases
    "85270000": "精神和行为障碍诊断",  # Diagnoses of mental and behavioral disorders
    "85380000": "起源于围生期的某些情况的诊断",  # Diagnoses of certain conditions originating in the perinatal period
    "85400000": "先天性畸形、变形和染色体异常诊断",  # Diagnoses of congenital malformations, deformations, and chromosomal abnormalities
    "85470000": "中枢神经系统外科干预或手术",  # Surgical interventions or procedures of central nervous system
    "85700000": "下部骨骼外科干预或手术",  # Surgical interventions or procedures of lower bones
    "85760000": "解剖部位（一般）外科干预或手术",  # Surgical interventions or procedures of anatomic regions-general
    "95100000": "地块",  # Land parcels
    "95110000": "通行道路",  # Thoroughfares
    "95120000": "永久性建筑物和构筑物",  # Permanent buildings and structures
    "95130000": "便携式建筑物和构筑物",  # Portable buildings and structures
    "95140000": "预制建筑物和构筑物",  # Prefabricated buildings and structures
}

CORRECTIONS: dict[str, str] = {
    # Segments
    "40000000": "分配和调节系统、设备及部件",  # v7 "工业泵、分配和压缩机" names pumps and compressors only
    "43000000": "信息技术、广播和电信",  # v7 "广播和通讯" drops information technology
    "47000000": "清洁设备和用品",  # v7 "工业清洁装置、废水处理装置" is not the title
    "48000000": "服务业机械、设备和用品",  # v7 "服务型机械、装置"
    "54000000": "钟表、珠宝和宝石产品",  # v7 "座钟" means desk clocks only
    "72000000": "建筑和设施施工及维护服务",  # title now includes facilities
    "76000000": "工业清洁服务",  # v7 "工业清洁维修" says repair
    "81000000": "工程、研究和技术类服务",  # v7 "工程、研究和技术基础" is truncated
    # Families
    "12180000": "蜡和油",  # v7 "腊和油" uses 腊 (cured meat) for 蜡 (wax)
    "30100000": "结构构件和基础型材",  # was "Structural materials and basic shapes"
    "31100000": "铸件和铸件组件",  # was "Castings"
    "31200000": "粘合剂和密封剂",  # v7 "粘合密封带" means sealing tape
    "31310000": "装配式管件组件",  # v7 "溶解焊接管组件" (solvent-welded) is narrower than the title
    "42170000": "移动医疗服务产品",  # was "Emergency and field medical services products"
    "42190000": "医疗设施产品",  # v7 "医疗设备产品" says equipment, the title says facility
    "42220000": "静脉和动脉给药产品",  # v7 "管理产品" mistranslates administration (of drugs)
    "42250000": "物理治疗、职业治疗和康复产品",  # v7 "自然、职业治疗…" mistranslates physical therapy
    "42280000": "医用清洁和灭菌产品",  # was "Medical sterilization products"
    "43200000": "信息技术、广播或电信用部件",  # v7 omits information technology
    "50100000": "坚果和种子",  # was "Fruits and vegetables and nuts and seeds"; fruit and vegetables moved to 5030–5047
    "51240000": "耳、眼、鼻和皮肤用药物",  # v7 "鼻咽部疾病用药物" means nasopharynx drugs
    "52150000": "家用厨具和厨房用品",  # was "Domestic kitchenware"
    "52160000": "消费电子产品",  # v7 "视听产品和设备" is audio-visual only
    "54110000": "钟表",  # v7 "座钟" means desk clocks only
    "54120000": "宝石",  # v7 "玉石" means jade
    "56100000": "住宿家具",  # v7 "住宿设施" means lodging facilities
    "70120000": "畜牧服务",  # v7 "家畜" names the animals, not the services
    "72100000": "建筑物和设施维护及维修服务",  # was "Building construction and support and maintenance…"
    "84100000": "发展融资",  # v7 "金融开发" reads as developing finance
    "84140000": "信贷机构",  # v7 "借贷" means lending
    "90120000": "旅行便利服务",  # v7 "旅行设备" means travel equipment
}
