"""CPV 2008 → UNSPSC crosswalk at segment and family level (Django-free).

No published CPV↔UNSPSC crosswalk was found (cpv-2008/SOURCE.md), so this table was written by hand
for TenderBridge by reading both title trees: every CPV division (2 digits) maps to one or more
UNSPSC segments or families; CPV groups (3 digits) and a few classes (4 digits) map to UNSPSC families
where the meaning is clear. Targets are listed most likely first. Where a CPV branch spreads over a
whole UNSPSC segment (CPV 73 research and development has no UNSPSC family of its own), the target is
the segment code. Each line's comment gives the CPV title and the target UNSPSC titles, for review.

A CPV code resolves through its longest listed prefix (class, then group, then division).
"""

from .cpv import cpv_code8

CPV_TO_UNSPSC: dict[str, tuple[str, ...]] = {
    # 03 Agricultural, farming, fishing, forestry and related products
    "03": (
        "10000000",
        "50000000",
        "11000000",
    ),  # (division) -> Live Plant and Animal Material and Accessories and Supplies; Food Beverage and Tobacco Products; Mineral and Textile and Inedible Plant and Animal Materials
    "031": (
        "10150000",
        "10160000",
        "11120000",
    ),  # Agricultural and horticultural products -> Seeds and bulbs and seedlings and cuttings; Floriculture and silviculture products; Non edible plant and forestry products
    "032": (
        "50220000",
        "50400000",
        "50300000",
        "50100000",
    ),  # Cereals, potatoes, vegetables, fruits and nuts -> Cereal and pulse products; Fresh vegetables; Fresh fruits; Nuts and seeds
    "033": ("10100000", "50120000"),  # Farming, hunting and fishing products -> Live animals; Seafood
    "034": ("11120000",),  # Forestry and logging products -> Non edible plant and forestry products
    # 09 Petroleum products, fuel, electricity and other sources of energy
    "09": (
        "15000000",
        "83100000",
    ),  # (division) -> Fuels and Fuel Additives and Lubricants and Anti corrosive Materials; Utilities
    "091": ("15100000", "15110000"),  # Fuels -> Fuels; Gaseous fuels and additives
    "092": (
        "15120000",
        "15100000",
    ),  # Petroleum, coal and oil products -> Lubricants and oils and greases and anti corrosives; Fuels
    "093": (
        "83100000",
        "15130000",
    ),  # Electricity, heating, solar and nuclear energy -> Utilities; Fuel for nuclear reactors
    # 14 Mining, basic metals and related products
    "14": ("11000000",),  # (division) -> Mineral and Textile and Inedible Plant and Animal Materials
    "142": ("11110000",),  # Sand and clay -> Earth and stone
    "143": (
        "11100000",
        "10170000",
    ),  # Chemical and fertiliser minerals -> Minerals and ores and metals; Fertilizers and plant nutrients and herbicides
    "144": ("11100000",),  # Salt and pure sodium chloride -> Minerals and ores and metals
    "145": (
        "11100000",
        "54120000",
    ),  # Related mining and quarrying products -> Minerals and ores and metals; Gemstones
    "146": ("11100000", "11170000"),  # Metal ores and alloys -> Minerals and ores and metals; Alloys
    "147": ("11100000",),  # Basic metals -> Minerals and ores and metals
    "148": (
        "31190000",
        "30170000",
    ),  # Miscellaneous non-metallic mineral products -> Grinding and polishing and smoothing materials; Doors and windows and glass
    "149": (
        "11140000",
        "11190000",
    ),  # Recovered secondary raw materials -> Scrap and waste materials; Metal waste scrap and by products
    # 15 Food, beverages, tobacco and related products
    "15": ("50000000",),  # (division) -> Food Beverage and Tobacco Products
    "151": ("50110000",),  # Animal products, meat and meat products -> Meat and poultry products
    "152": ("50120000",),  # Prepared and preserved fish -> Seafood
    "153": (
        "50400000",
        "50300000",
        "50460000",
        "50200000",
    ),  # Fruit, vegetables and related products -> Fresh vegetables; Fresh fruits; Canned or jarred vegetables; Beverages
    "154": ("50150000",),  # Animal or vegetable oils and fats -> Edible oils and fats
    "155": ("50130000",),  # Dairy products -> Dairy products and eggs
    "156": ("50220000",),  # Grain mill products, starches and starch products -> Cereal and pulse products
    "157": ("10120000",),  # Animal feedstuffs -> Animal feed
    "158": (
        "50180000",
        "50160000",
        "50190000",
    ),  # Miscellaneous food products -> Bread and bakery products; Chocolate and sugars and sweeteners and confectionary products; Prepared and preserved foods
    "1581": ("50180000",),  # Bread products, fresh pastry goods and cakes -> Bread and bakery products
    "1582": (
        "50180000",
    ),  # Rusks and biscuits; preserved pastry goods and cakes -> Bread and bakery products
    "1583": (
        "50160000",
    ),  # Sugar and related products -> Chocolate and sugars and sweeteners and confectionary products
    "1584": (
        "50160000",
    ),  # Cocoa; chocolate and sugar confectionery -> Chocolate and sugars and sweeteners and confectionary products
    "1585": ("50190000",),  # Pasta products -> Prepared and preserved foods
    "1586": ("50200000",),  # Coffee, tea and related products -> Beverages
    "1587": ("50170000",),  # Condiments and seasonings -> Seasonings and preservatives
    "1588": (
        "50190000",
        "50500000",
    ),  # Special nutritional products -> Prepared and preserved foods; Nutritional supplements
    "1589": ("50190000",),  # Miscellaneous food products and dried goods -> Prepared and preserved foods
    "159": (
        "50200000",
        "50210000",
    ),  # Beverages, tobacco and related products -> Beverages; Tobacco and smoking products and substitutes
    "1599": (
        "50210000",
    ),  # Tobacco, tobacco goods and supplies -> Tobacco and smoking products and substitutes
    # 16 Agricultural machinery
    "16": ("21100000",),  # (division) -> Agricultural and forestry and landscape machinery and equipment
    # 18 Clothing, footwear, luggage articles and accessories
    "18": ("53000000",),  # (division) -> Apparel and Luggage and Personal Care Products
    "181": (
        "53100000",
        "46180000",
    ),  # Occupational clothing, special workwear and accessories -> Clothing; Personal safety and protection
    "182": ("53100000",),  # Outerwear -> Clothing
    "183": ("53100000",),  # Garments -> Clothing
    "184": ("53100000",),  # Special clothing and accessories -> Clothing
    "185": ("54100000", "54110000"),  # Jewellery, watches and related articles -> Jewelry; Timepieces
    "186": ("53100000", "11130000"),  # Furs and articles of fur -> Clothing; Non edible animal products
    "188": ("53110000",),  # Footwear -> Footwear
    "1883": ("46180000", "53110000"),  # Protective footwear -> Personal safety and protection; Footwear
    "189": (
        "53120000",
        "10140000",
        "24110000",
    ),  # Luggage, saddlery, sacks and bags -> Luggage and handbags and packs and cases; Saddlery and harness goods; Containers and storage
    # 19 Leather and textile fabrics, plastic and rubber materials
    "19": (
        "11000000",
        "13000000",
    ),  # (division) -> Mineral and Textile and Inedible Plant and Animal Materials; Resin and Rosin and Rubber and Foam and Film and Elastomeric Materials
    "191": ("11160000",),  # Leather -> Fabrics and leather materials
    "192": ("11160000",),  # Textile fabrics and related items -> Fabrics and leather materials
    "194": ("11150000",),  # Textile yarn and thread -> Fibers and threads and yarns
    "195": (
        "13100000",
        "13110000",
    ),  # Rubber and plastic materials -> Rubber and elastomers; Resins and rosins and other resin derived materials
    "196": ("11140000",),  # Leather, textile, rubber and plastic waste -> Scrap and waste materials
    "197": (
        "13100000",
        "11150000",
    ),  # Synthetic rubber and fibres -> Rubber and elastomers; Fibers and threads and yarns
    # 22 Printed matter and related products
    "22": ("55000000",),  # (division) -> Published Products
    "221": ("55100000",),  # Printed books, brochures and leaflets -> Printed media
    "222": ("55100000",),  # Newspapers, journals, periodicals and magazines -> Printed media
    "223": ("14110000",),  # Postcards, greeting cards and other printed matter -> Paper products
    "224": (
        "55100000",
        "14110000",
    ),  # Stamps, cheque forms, banknotes, stock certificates, trade advertising material, catalogues and manuals -> Printed media; Paper products
    "225": (
        "45100000",
    ),  # Printing plates or cylinders or other media for use in printing -> Printing and publishing equipment
    "226": ("12170000", "44120000"),  # Ink -> Colorants; Office supplies
    "228": (
        "14110000",
        "44120000",
    ),  # Paper or paperboard registers, account books, binders, forms and other articles of printed stationery -> Paper products; Office supplies
    "229": ("14110000", "14120000"),  # Miscellaneous printed matter -> Paper products; Industrial use papers
    # 24 Chemical products
    "24": ("12000000",),  # (division) -> Chemicals including Bio Chemicals and Gas Materials
    "241": ("12140000",),  # Gases -> Elements and gases
    "242": ("12170000",),  # Dyes and pigments -> Colorants
    "243": (
        "12350000",
        "12140000",
    ),  # Basic inorganic and organic chemicals -> Compounds and mixtures; Elements and gases
    "244": (
        "10170000",
        "10190000",
    ),  # Fertilisers and nitrogen compounds -> Fertilizers and plant nutrients and herbicides; Pest control products
    "245": (
        "13110000",
        "13100000",
    ),  # Plastics in primary forms -> Resins and rosins and other resin derived materials; Rubber and elastomers
    "246": ("12130000",),  # Explosives -> Explosive materials
    "249": (
        "12350000",
        "12160000",
        "31200000",
    ),  # Fine and various chemical products -> Compounds and mixtures; Additives; Adhesives and sealants
    # 30 Office and computing machinery, equipment and supplies except furniture and software packages
    "30": (
        "44000000",
        "43000000",
    ),  # (division) -> Office Equipment and Accessories and Supplies; Information Technology Broadcasting and Telecommunications
    "301": (
        "44100000",
        "44120000",
        "44110000",
    ),  # Office machinery, equipment and supplies except computers, printers and furniture -> Office machines and their supplies and accessories; Office supplies; Office and desk accessories
    "302": (
        "43210000",
        "43200000",
    ),  # Computer equipment and supplies -> Computer Equipment and Accessories; Components for information technology or broadcasting or telecommunications
    # 31 Electrical machinery, apparatus, equipment and consumables; lighting
    "31": (
        "39000000",
        "26000000",
    ),  # (division) -> Electrical Systems and Lighting and Components and Accessories and Supplies; Power Generation and Distribution Machinery and Accessories
    "311": (
        "26100000",
        "26110000",
        "39120000",
    ),  # Electric motors, generators and transformers -> Power sources; Batteries and generators and kinetic power transmission; Electrical equipment and components and supplies
    "312": (
        "39120000",
    ),  # Electricity distribution and control apparatus -> Electrical equipment and components and supplies
    "313": ("26120000",),  # Insulated wire and cable -> Electrical wire and cable and harness
    "314": (
        "26110000",
    ),  # Accumulators, primary cells and primary batteries -> Batteries and generators and kinetic power transmission
    "315": (
        "39100000",
        "39110000",
    ),  # Lighting equipment and electric lamps -> Lamps and lightbulbs and lamp components; Lighting Fixtures and Accessories
    "316": (
        "39120000",
    ),  # Electrical equipment and apparatus -> Electrical equipment and components and supplies
    "317": (
        "32000000",
    ),  # Electronic, electromechanical and electrotechnical supplies -> Electronic Components and Supplies
    # 32 Radio, television, communication, telecommunication and related equipment
    "32": (
        "43000000",
        "45110000",
        "52160000",
    ),  # (division) -> Information Technology Broadcasting and Telecommunications; Audio and visual presentation and composing equipment; Consumer electronics
    "322": (
        "43220000",
        "45110000",
    ),  # Transmission apparatus for radiotelephony, radiotelegraphy, radio broadcasting and television -> Data Voice or Multimedia Network Equipment or Platforms and Accessories; Audio and visual presentation and composing equipment
    "323": (
        "52160000",
        "45110000",
    ),  # Television and radio receivers, and sound or video recording or reproducing apparatus -> Consumer electronics; Audio and visual presentation and composing equipment
    "324": (
        "43220000",
    ),  # Networks -> Data Voice or Multimedia Network Equipment or Platforms and Accessories
    "325": (
        "43220000",
        "43190000",
    ),  # Telecommunications equipment and supplies -> Data Voice or Multimedia Network Equipment or Platforms and Accessories; Communications Devices and Accessories
    # 33 Medical equipments, pharmaceuticals and personal care products
    "33": (
        "42000000",
        "51000000",
        "53130000",
    ),  # (division) -> Medical Equipment and Accessories and Supplies; Drugs and Pharmaceutical Products; Personal care products
    "331": ("42000000",),  # Medical equipments -> Medical Equipment and Accessories and Supplies
    "3311": (
        "42200000",
    ),  # Imaging equipment for medical, dental and veterinary use -> Medical diagnostic imaging and nuclear medicine products
    "3312": (
        "42180000",
    ),  # Recording systems and exploration devices -> Patient exam and monitoring products
    "3313": ("42150000",),  # Dental and subspecialty instruments and devices -> Dental equipment and supplies
    "3314": (
        "42140000",
        "42310000",
        "42130000",
    ),  # Medical consumables -> Patient care and treatment products and supplies; Wound care products; Medical apparel and textiles
    "3315": (
        "42200000",
        "42250000",
        "42140000",
    ),  # Radiotherapy, mechanotherapy, electrotherapy and physical therapy devices -> Medical diagnostic imaging and nuclear medicine products; Physical and occupational therapy and rehabilitation products; Patient care and treatment products and supplies
    "3316": ("42290000",),  # Operating techniques -> Surgical products
    "3317": (
        "42270000",
    ),  # Anaesthesia and resuscitation -> Respiratory and anesthesia and resuscitation products
    "3318": (
        "42160000",
        "42240000",
        "42210000",
    ),  # Functional support -> Dialysis equipment and supplies; Orthopedic and prosthetic and sports medicine products; Independent living aids for the physically challenged
    "3319": (
        "42190000",
        "42280000",
        "42130000",
        "42210000",
    ),  # Miscellaneous medical devices and products -> Medical facility products; Medical cleaning and sterilization products; Medical apparel and textiles; Independent living aids for the physically challenged
    "336": ("51000000",),  # Pharmaceutical products -> Drugs and Pharmaceutical Products
    "3361": (
        "51170000",
    ),  # Medicinal products for the alimentary tract and metabolism -> Drugs affecting the gastrointestinal system
    "3362": (
        "51130000",
        "51120000",
        "51430000",
    ),  # Medicinal products for the blood, blood-forming organs and the cardiovascular system -> Hematolic drugs; Antiarrythmics and antianginals and cardioplegics and drugs for heart failure; Antihypertensive drugs
    "3363": (
        "51240000",
        "51380000",
    ),  # Medicinal products for dermatology and the musculo-skeletal system -> Drugs affecting the ears, eye, nose and skin; Nonsteroidal anti inflammatory drugs NSAIDs
    "3364": (
        "51180000",
        "51350000",
        "51420000",
    ),  # Medicinal products for the genitourinary system and hormones -> Hormones and hormone antagonists; Estrogens and progestins and internal contraceptives; Corticosteroids
    "3365": (
        "51280000",
        "51200000",
        "51110000",
    ),  # General anti-infectives for systemic use, vaccines, antineoplastic and immunodulating agents -> Antibacterials; Immunomodulating drugs; Antineoplastic agents
    "3366": (
        "51140000",
        "51240000",
    ),  # Medicinal products for the nervous system and sensory organs -> Central nervous system drugs; Drugs affecting the ears, eye, nose and skin
    "3367": (
        "51160000",
    ),  # Medicinal products for the respiratory system -> Drugs affecting the respiratory tract
    "337": ("53130000", "14110000"),  # Personal care products -> Personal care products; Paper products
    "339": (
        "42260000",
    ),  # Post-mortem and mortuary equipment and supplies -> Postmortem and mortuary equipment and supplies
    # 34 Transport equipment and auxiliary products to transportation
    "34": (
        "25000000",
    ),  # (division) -> Commercial and Military and Private Vehicles and their Accessories and Components
    "341": ("25100000",),  # Motor vehicles -> Motor vehicles
    "342": ("25180000",),  # Vehicle bodies, trailers or semi-trailers -> Vehicle bodies and trailers
    "343": (
        "25170000",
    ),  # Parts and accessories for vehicles and their engines -> Transportation components and systems
    "344": (
        "25100000",
        "25160000",
    ),  # Motorcycles, bicycles and sidecars -> Motor vehicles; Non motorized cycles
    "345": ("25110000",),  # Ships and boats -> Marine transport
    "346": (
        "25120000",
    ),  # Railway and tramway locomotives and rolling stock and associated parts -> Railway and tramway machinery and equipment
    "347": (
        "25130000",
        "25150000",
        "25200000",
    ),  # Aircraft and spacecraft -> Aircraft; Spacecraft; Aerospace systems and components and equipment
    "349": (
        "25170000",
        "25190000",
        "46160000",
    ),  # Miscellaneous transport equipment and spare parts -> Transportation components and systems; Transportation services equipment; Public safety and control
    "3492": ("46160000",),  # Road equipment -> Public safety and control
    "3493": ("25110000",),  # Marine equipment -> Marine transport
    "3494": ("25120000",),  # Railway equipment -> Railway and tramway machinery and equipment
    "3496": ("25190000",),  # Airport equipment -> Transportation services equipment
    "3497": ("46160000",),  # Traffic-monitoring equipment -> Public safety and control
    "3499": (
        "46160000",
        "39110000",
    ),  # Control, safety, signalling and light equipment -> Public safety and control; Lighting Fixtures and Accessories
    # 35 Security, fire-fighting, police and defence equipment
    "35": (
        "46000000",
    ),  # (division) -> Defense and Law Enforcement and Security and Safety Equipment and Supplies
    "351": (
        "46190000",
        "46170000",
        "46160000",
    ),  # Emergency and security equipment -> Fire protection; Security surveillance and detection; Public safety and control
    "3511": (
        "46190000",
        "46160000",
        "46180000",
    ),  # Firefighting, rescue and safety equipment -> Fire protection; Public safety and control; Personal safety and protection
    "3512": (
        "46170000",
    ),  # Surveillance and security systems and devices -> Security surveillance and detection
    "352": ("46150000",),  # Police equipment -> Law enforcement
    "353": (
        "46100000",
        "46110000",
    ),  # Weapons, ammunition and associated parts -> Light weapons and ammunition; Conventional war weapons
    "354": ("25100000",),  # Military vehicles and associated parts -> Motor vehicles
    "355": ("25110000",),  # Warships and associated parts -> Marine transport
    "356": ("25130000", "46120000"),  # Military aircrafts, missiles and spacecrafts -> Aircraft; Missiles
    "358": (
        "53100000",
        "46180000",
    ),  # Individual and support equipment -> Clothing; Personal safety and protection
    "3581": ("53100000", "46180000"),  # Individual equipment -> Clothing; Personal safety and protection
    # 37 Musical instruments, sport goods, games, toys, handicraft, art materials and accessories
    "37": (
        "49000000",
        "60000000",
    ),  # (division) -> Sports and Recreational Equipment and Supplies and Accessories; Musical Instruments and Games and Toys and Arts and Crafts and Educational Equipment and Materials and Accessories and Supplies
    "373": ("60130000",),  # Musical instruments and parts -> Musical Instruments and parts and accessories
    "374": (
        "49000000",
    ),  # Sports goods and equipment -> Sports and Recreational Equipment and Supplies and Accessories
    "375": ("60140000",),  # Games and toys; fairground amusements -> Toys and games
    "378": (
        "60120000",
    ),  # Handicraft and art supplies -> Arts and crafts equipment and accessories and supplies
    # 38 Laboratory, optical and precision equipments (excl. glasses)
    "38": ("41000000",),  # (division) -> Laboratory and Measuring and Observing and Testing Equipment
    "381": (
        "41110000",
    ),  # Navigational and meteorological instruments -> Measuring and observing and testing instruments
    "382": (
        "41110000",
    ),  # Geological and geophysical instruments -> Measuring and observing and testing instruments
    "383": ("41110000",),  # Measuring instruments -> Measuring and observing and testing instruments
    "384": (
        "41110000",
        "41100000",
        "41120000",
    ),  # Instruments for checking physical characteristics -> Measuring and observing and testing instruments; Laboratory and scientific equipment; Laboratory supplies and fixtures
    "385": ("41110000",),  # Checking and testing apparatus -> Measuring and observing and testing instruments
    "386": (
        "41110000",
        "45120000",
    ),  # Optical instruments -> Measuring and observing and testing instruments; Photographic or filming or video equipment
    "388": (
        "32150000",
    ),  # Industrial process control equipment and remote-control equipment -> Automation control devices and components and accessories
    "389": (
        "41110000",
        "41100000",
    ),  # Miscellaneous evaluation or testing instruments -> Measuring and observing and testing instruments; Laboratory and scientific equipment
    # 39 Furniture (incl. office furniture), furnishings, domestic appliances (excl. lighting) and cleaning products
    "39": (
        "56000000",
        "52000000",
        "47000000",
    ),  # (division) -> Furniture and Furnishings; Domestic Appliances and Supplies and Consumer Electronic Products; Cleaning Equipment and Supplies
    "391": (
        "56100000",
        "56110000",
        "56120000",
    ),  # Furniture -> Accommodation furniture; Commercial and industrial furniture; Classroom and instructional and institutional furniture and fixtures
    "392": (
        "52150000",
        "48100000",
        "56140000",
    ),  # Furnishing -> Domestic kitchenware and kitchen supplies; Institutional food services equipment; Decorative adornments
    "3922": (
        "52150000",
        "48100000",
    ),  # Kitchen equipment, household and domestic items and catering supplies -> Domestic kitchenware and kitchen supplies; Institutional food services equipment
    "3924": ("52150000",),  # Cutlery -> Domestic kitchenware and kitchen supplies
    "3926": ("44110000",),  # Delivery trays and desk equipment -> Office and desk accessories
    "3929": (
        "56140000",
        "49100000",
    ),  # Miscellaneous furnishing -> Decorative adornments; Collectibles and awards
    "3931": ("48100000",),  # Catering equipment -> Institutional food services equipment
    "3933": ("42280000",),  # Disinfection equipment -> Medical cleaning and sterilization products
    "3934": ("40140000",),  # Gas network equipment -> Fluid and gas distribution
    "3935": ("47100000",),  # Sewerage works equipment -> Water and wastewater treatment supply and disposal
    "3937": (
        "47100000",
        "40140000",
    ),  # Water installations -> Water and wastewater treatment supply and disposal; Fluid and gas distribution
    "395": (
        "52120000",
        "52100000",
        "31150000",
    ),  # Textile articles -> Bedclothes and table and kitchen linen and towels; Floor coverings; Rope and chain and cable and wire and strap
    "397": ("52140000",),  # Domestic appliances -> Domestic appliances
    "398": ("47130000",),  # Cleaning and polishing products -> Cleaning and janitorial supplies
    # 41 Collected and purified water
    "41": ("50200000", "83100000"),  # (division) -> Beverages; Utilities
    "411": ("50200000", "83100000"),  # Natural water -> Beverages; Utilities
    # 42 Industrial machinery
    "42": (
        "23000000",
        "24000000",
        "40000000",
    ),  # (division) -> Industrial Manufacturing and Processing Machinery and Accessories; Material Handling and Conditioning and Storage Machinery and their Accessories and Supplies; Distribution and Conditioning Systems and Equipment and Components
    "421": (
        "26100000",
        "40150000",
        "40140000",
        "26110000",
    ),  # Machinery for the production and use of mechanical power -> Power sources; Industrial pumps and compressors; Fluid and gas distribution; Batteries and generators and kinetic power transmission
    "422": (
        "23180000",
    ),  # Machinery for food, beverage and tobacco processing and associated parts -> Industrial food and beverage equipment
    "423": (
        "23150000",
        "41100000",
    ),  # Industrial or laboratory furnaces, incinerators and ovens -> Industrial process machinery and equipment and supplies; Laboratory and scientific equipment
    "424": (
        "24100000",
    ),  # Lifting and handling equipment and parts -> Material handling machinery and equipment
    "425": (
        "40100000",
        "24130000",
    ),  # Cooling and ventilation equipment -> Heating and ventilation and air circulation; Industrial refrigeration
    "426": (
        "23240000",
        "23250000",
        "27110000",
        "23290000",
    ),  # Machine tools -> Metal cutting machinery and accessories; Metal forming machinery and accessories; Hand tools; Industrial machine tools
    "427": (
        "23120000",
        "23140000",
    ),  # Machinery for textile, apparel and leather production -> Textile and fabric machinery and accessories; Leatherworking repairing machinery and equipment
    "428": (
        "23150000",
    ),  # Machinery for paper or paperboard production -> Industrial process machinery and equipment and supplies
    "4291": (
        "40160000",
    ),  # Distilling, filtering or rectifying apparatus -> Industrial filtering and purification
    # 43 Machinery for mining, quarrying, construction equipment
    "43": (
        "22000000",
        "20000000",
    ),  # (division) -> Building and Construction Machinery and Accessories; Mining and Well Drilling Machinery and Accessories
    "431": ("20100000",),  # Mining equipment -> Mining and quarrying machinery and equipment
    "432": (
        "22100000",
    ),  # Earthmoving and excavating machinery, and associated parts -> Heavy construction machinery and equipment
    "433": (
        "22100000",
    ),  # Construction machinery and equipment -> Heavy construction machinery and equipment
    "434": (
        "20100000",
        "23160000",
    ),  # Mineral-processing and foundry mould-forming machinery -> Mining and quarrying machinery and equipment; Foundry machines and equipment and supplies
    "435": ("22100000",),  # Track-laying vehicles -> Heavy construction machinery and equipment
    "436": (
        "22100000",
        "20100000",
    ),  # Parts of machinery for mining, quarrying and construction -> Heavy construction machinery and equipment; Mining and quarrying machinery and equipment
    "437": (
        "23160000",
        "23250000",
    ),  # Machinery for metallurgy and associated parts -> Foundry machines and equipment and supplies; Metal forming machinery and accessories
    "438": ("27110000",),  # Workshop equipment -> Hand tools
    # 44 Construction structures and materials; auxiliary products to construction (except electric apparatus)
    "44": (
        "30000000",
        "31000000",
    ),  # (division) -> Structures and Building and Construction and Manufacturing Components and Supplies; Manufacturing Components and Supplies
    "441": (
        "30130000",
        "30100000",
        "40170000",
        "30150000",
    ),  # Construction materials and associated items -> Structural building products; Structural components and basic shapes; Pipe piping and pipe fittings; Exterior finishing materials
    "442": (
        "30100000",
        "30170000",
        "95140000",
    ),  # Structural products -> Structural components and basic shapes; Doors and windows and glass; Prefabricated buildings and structures
    "443": (
        "31150000",
        "26120000",
    ),  # Cable, wire and related products -> Rope and chain and cable and wire and strap; Electrical wire and cable and harness
    "4441": ("30180000",),  # Articles for the bathroom and kitchen -> Plumbing fixtures
    "4444": ("31170000",),  # Bearings -> Bearings and bushings and wheels and gears
    "4448": ("46190000",),  # Miscellaneous fire-protection equipment -> Fire protection
    "445": (
        "27110000",
        "31160000",
        "46170000",
    ),  # Tools, locks, keys, hinges, fasteners, chain and springs -> Hand tools; Hardware; Security surveillance and detection
    "446": (
        "24110000",
        "40100000",
    ),  # Tanks, reservoirs and containers; central-heating radiators and boilers -> Containers and storage; Heating and ventilation and air circulation
    "448": (
        "31210000",
        "31200000",
    ),  # Paints, varnishes and mastics -> Paints and primers and finishes; Adhesives and sealants
    "449": (
        "11110000",
        "30130000",
    ),  # Stone for construction, limestone, gypsum and slate -> Earth and stone; Structural building products
    # 45 Construction work
    "45": ("72000000",),  # (division) -> Building and Facility Construction and Maintenance Services
    "451": ("72140000",),  # Site preparation work -> Heavy construction services
    "452": (
        "72110000",
        "72120000",
        "72140000",
    ),  # Works for complete or part construction and civil engineering work -> Residential building construction services; Nonresidential building construction services; Heavy construction services
    "4521": (
        "72110000",
        "72120000",
    ),  # Building construction work -> Residential building construction services; Nonresidential building construction services
    "4522": ("72140000",),  # Engineering works and construction works -> Heavy construction services
    "4523": (
        "72140000",
    ),  # Construction work for pipelines, communication and power lines, for highways, roads, airfields and railways; flatwork -> Heavy construction services
    "4524": ("72140000",),  # Construction work for water projects -> Heavy construction services
    "4525": (
        "72120000",
    ),  # Construction works for plants, mining and manufacturing and for buildings relating to the oil and gas industry -> Nonresidential building construction services
    "4526": (
        "72150000",
    ),  # Roof works and other special trade construction works -> Specialized trade construction and maintenance services
    "453": (
        "72150000",
    ),  # Building installation work -> Specialized trade construction and maintenance services
    "454": (
        "72150000",
        "72100000",
    ),  # Building completion work -> Specialized trade construction and maintenance services; Building and facility maintenance and repair services
    "455": (
        "72140000",
    ),  # Hire of construction and civil engineering machinery and equipment with operator -> Heavy construction services
    # 48 Software package and information systems
    "48": ("43230000",),  # (division) -> Software
    "488": (
        "43210000",
        "43230000",
    ),  # Information systems and servers -> Computer Equipment and Accessories; Software
    # 50 Repair and maintenance services
    "50": (
        "72100000",
        "73150000",
        "78180000",
    ),  # (division) -> Building and facility maintenance and repair services; Manufacturing support services; Transportation repair or maintenance services
    "501": (
        "78180000",
    ),  # Repair, maintenance and associated services of vehicles and related equipment -> Transportation repair or maintenance services
    "502": (
        "78180000",
    ),  # Repair, maintenance and associated services related to aircraft, railways, roads and marine equipment -> Transportation repair or maintenance services
    "503": (
        "81110000",
    ),  # Repair, maintenance and associated services related to personal computers, office equipment, telecommunications and audio-visual equipment -> Computer services
    "504": (
        "85160000",
        "73150000",
    ),  # Repair and maintenance services of medical and precision equipment -> Medical Surgical Equipment Maintenance Refurbishment and Repair Services; Manufacturing support services
    "505": (
        "73150000",
    ),  # Repair and maintenance services for pumps, valves, taps and metal containers and machinery -> Manufacturing support services
    "507": (
        "72100000",
        "72150000",
    ),  # Repair and maintenance services of building installations -> Building and facility maintenance and repair services; Specialized trade construction and maintenance services
    # 51 Installation services (except software)
    "51": ("72150000",),  # (division) -> Specialized trade construction and maintenance services
    "514": (
        "72150000",
        "85160000",
    ),  # Installation services of medical and surgical equipment -> Specialized trade construction and maintenance services; Medical Surgical Equipment Maintenance Refurbishment and Repair Services
    "516": (
        "81110000",
        "72150000",
    ),  # Installation services of computers and office equipment -> Computer services; Specialized trade construction and maintenance services
    # 55 Hotel, restaurant and retail trade services
    "55": ("90000000",),  # (division) -> Travel and Food and Lodging and Entertainment Services
    "551": ("90110000",),  # Hotel services -> Hotels and lodging and meeting facilities
    "552": (
        "90110000",
    ),  # Camping sites and other non-hotel accommodation -> Hotels and lodging and meeting facilities
    "553": ("90100000",),  # Restaurant and food-serving services -> Restaurants and catering
    "554": ("90100000",),  # Beverage-serving services -> Restaurants and catering
    "555": ("90100000",),  # Canteen and catering services -> Restaurants and catering
    "559": ("80140000",),  # Retail trade services -> Marketing and distribution
    # 60 Transport services (excl. Waste transport)
    "60": ("78100000", "78110000"),  # (division) -> Mail and cargo transport; Passenger transport
    "603": ("78100000",),  # Pipeline transport services -> Mail and cargo transport
    # 63 Supporting and auxiliary transport services; travel agencies services
    "63": (
        "78000000",
        "90120000",
    ),  # (division) -> Transportation and Storage and Mail Services; Travel facilitation
    "631": (
        "78120000",
        "78130000",
    ),  # Cargo handling and storage services -> Material packing and handling; Storage
    "635": (
        "90120000",
    ),  # Travel agency, tour operator and tourist assistance services -> Travel facilitation
    "637": (
        "78140000",
        "78200000",
    ),  # Support services for land, water and air transport -> Transport services; Aviation-Related Services And Consultancy
    # 64 Postal and telecommunications services
    "64": (
        "78100000",
        "83110000",
    ),  # (division) -> Mail and cargo transport; Telecommunications media services
    "641": ("78100000",),  # Post and courier services -> Mail and cargo transport
    "642": (
        "83110000",
        "81160000",
    ),  # Telecommunications services -> Telecommunications media services; Information Technology Service Delivery
    # 65 Public utilities
    "65": ("83100000",),  # (division) -> Utilities
    # 66 Financial and insurance services
    "66": ("84000000",),  # (division) -> Financial and Insurance Services
    "661": ("84120000",),  # Banking and investment services -> Banking and investment
    "665": ("84130000",),  # Insurance and pension services -> Insurance and retirement services
    "666": ("84120000",),  # Treasury services -> Banking and investment
    "667": ("84130000",),  # Reinsurance services -> Insurance and retirement services
    # 70 Real estate services
    "70": ("80130000",),  # (division) -> Real estate services
    # 71 Architectural, construction, engineering and inspection services
    "71": ("81100000",),  # (division) -> Professional engineering services
    "712": ("81100000",),  # Architectural and related services -> Professional engineering services
    "713": ("81100000",),  # Engineering services -> Professional engineering services
    "714": (
        "81100000",
        "93140000",
    ),  # Urban planning and landscape architectural services -> Professional engineering services; Community and social services
    "715": (
        "81100000",
        "80100000",
    ),  # Construction-related services -> Professional engineering services; Management advisory services
    "716": (
        "81140000",
    ),  # Technical testing, analysis and consultancy services -> Manufacturing technologies
    "717": (
        "81140000",
        "77100000",
    ),  # Monitoring and control services -> Manufacturing technologies; Environmental management
    "718": (
        "77100000",
        "70170000",
    ),  # Consulting services for water-supply and waste consultancy -> Environmental management; Water resources development and oversight
    "719": (
        "77140000",
        "85120000",
    ),  # Laboratory services -> Environmental laboratory services; Medical practice
    # 72 IT services: consulting, software development, Internet and support
    "72": (
        "81110000",
        "81160000",
    ),  # (division) -> Computer services; Information Technology Service Delivery
    "721": ("81110000",),  # Hardware consultancy services -> Computer services
    "722": ("81110000",),  # Software programming and consultancy services -> Computer services
    "723": ("81110000",),  # Data services -> Computer services
    "724": (
        "81110000",
        "81160000",
    ),  # Internet services -> Computer services; Information Technology Service Delivery
    "725": ("81110000",),  # Computer-related services -> Computer services
    "726": ("81110000",),  # Computer support and consultancy services -> Computer services
    "727": (
        "81110000",
        "81160000",
    ),  # Computer network services -> Computer services; Information Technology Service Delivery
    "728": ("81110000",),  # Computer audit and testing services -> Computer services
    "729": ("81110000",),  # Computer back-up and catalogue conversion services -> Computer services
    # 73 Research and development services and related consultancy services
    "73": ("81000000",),  # (division) -> Engineering and Research and Technology Based Services
    "732": (
        "81000000",
        "80100000",
    ),  # Research and development consultancy services -> Engineering and Research and Technology Based Services; Management advisory services
    "734": (
        "92110000",
        "81000000",
    ),  # Research and Development services on security and defence materials -> Military services and national defense; Engineering and Research and Technology Based Services
    # 75 Administration, defence and social security services
    "75": (
        "93000000",
        "92000000",
    ),  # (division) -> Politics and Civic Affairs Services; National Defense and Public Order and Security and Safety Services
    "751": ("93150000",),  # Administration services -> Public administration and finance services
    "752": (
        "92100000",
        "92110000",
        "93120000",
    ),  # Provision of services to the community -> Public order and safety; Military services and national defense; International relations
    "753": (
        "93140000",
        "84130000",
    ),  # Compulsory social security services -> Community and social services; Insurance and retirement services
    # 76 Services related to the oil and gas industry
    "76": ("71000000",),  # (division) -> Mining and oil and gas services
    "763": ("71120000",),  # Drilling services -> Well drilling and construction services
    "764": ("71120000",),  # Rig-positioning services -> Well drilling and construction services
    # 77 Agricultural, forestry, horticultural, aquacultural and apicultural services
    "77": ("70000000",),  # (division) -> Farming and Fishing and Forestry and Wildlife Contracting Services
    "771": (
        "70140000",
        "70130000",
    ),  # Agricultural services -> Crop production and management and protection; Land and soil preparation and management and protection
    "772": ("70150000",),  # Forestry services -> Forestry
    "773": ("70110000",),  # Horticultural services -> Horticulture
    "774": ("70160000",),  # Zoological services -> Wildlife and flora
    "775": ("70120000",),  # Animal husbandry services -> Livestock services
    "776": ("70160000",),  # Hunting services -> Wildlife and flora
    "777": ("70100000",),  # Services incidental to fishing -> Fisheries and aquaculture
    "778": ("70100000",),  # Aquaculture services -> Fisheries and aquaculture
    "779": ("70120000",),  # Apiculture services -> Livestock services
    # 79 Business services: law, marketing, consulting, recruitment, printing and security
    "79": ("80000000",),  # (division) -> Management and Business Professionals and Administrative Services
    "791": ("80120000",),  # Legal services -> Legal services
    "792": ("84110000",),  # Accounting, auditing and fiscal services -> Accounting and bookkeeping services
    "793": (
        "80140000",
        "81130000",
        "82100000",
    ),  # Market and economic research; polling and statistics -> Marketing and distribution; Statistics; Advertising
    "7931": ("80140000",),  # Market research services -> Marketing and distribution
    "7932": ("80140000",),  # Public-opinion polling services -> Marketing and distribution
    "7933": ("81130000",),  # Statistical services -> Statistics
    "7934": (
        "82100000",
        "80140000",
    ),  # Advertising and marketing services -> Advertising; Marketing and distribution
    "794": (
        "80100000",
    ),  # Business and management consultancy and related services -> Management advisory services
    "795": (
        "80160000",
        "82110000",
        "82120000",
    ),  # Office-support services -> Business administration services; Writing and translations; Reproduction services
    "796": ("80110000",),  # Recruitment services -> Human resources services
    "797": ("92120000",),  # Investigation and security services -> Security and personal safety
    "798": ("82120000",),  # Printing and related services -> Reproduction services
    "7992": ("73150000",),  # Packaging and related services -> Manufacturing support services
    "7993": ("82140000",),  # Specialty design services -> Graphic design
    "7995": (
        "80140000",
    ),  # Exhibition, fair and congress organisation services -> Marketing and distribution
    "7996": ("82130000",),  # Photographic and ancillary services -> Photographic services
    "7997": ("82120000",),  # Publishing services -> Reproduction services
    # 80 Education and training services
    "80": ("86000000",),  # (division) -> Education and Training Services
    "801": ("86120000",),  # Primary education services -> Educational institutions
    "802": ("86120000",),  # Secondary education services -> Educational institutions
    "803": ("86120000",),  # Higher education services -> Educational institutions
    "804": ("86110000",),  # Adult and other education services -> Alternative educational systems
    "805": (
        "86100000",
        "86130000",
    ),  # Training services -> Vocational training; Specialized educational services
    "806": (
        "86130000",
    ),  # Training services in defence and security materials -> Specialized educational services
    # 85 Health and social work services
    "85": ("85000000", "93140000"),  # (division) -> Healthcare Services; Community and social services
    "851": ("85100000", "85120000"),  # Health services -> Comprehensive health services; Medical practice
    "852": ("70120000",),  # Veterinary services -> Livestock services
    "853": ("93140000",),  # Social work and related services -> Community and social services
    # 90 Sewage, refuse, cleaning and environmental services
    "90": ("76000000", "77000000"),  # (division) -> Industrial Cleaning Services; Environmental Services
    "904": ("76120000", "83100000"),  # Sewage services -> Refuse disposal and treatment; Utilities
    "905": ("76120000",),  # Refuse and waste related services -> Refuse disposal and treatment
    "906": (
        "76110000",
    ),  # Cleaning and sanitation services in urban or rural areas, and related services -> Cleaning and janitorial services
    "907": (
        "77100000",
        "77110000",
        "77120000",
    ),  # Environmental services -> Environmental management; Environmental protection; Pollution tracking and monitoring and rehabilitation
    "909": (
        "76110000",
        "76100000",
    ),  # Cleaning and sanitation services -> Cleaning and janitorial services; Decontamination services
    # 92 Recreational, cultural and sporting services
    "92": (
        "90000000",
        "82000000",
    ),  # (division) -> Travel and Food and Lodging and Entertainment Services; Editorial and Design and Graphic and Fine Art Services
    "921": (
        "82160000",
        "82130000",
    ),  # Motion picture and video services -> Film and theater production support services; Photographic services
    "922": ("83110000",),  # Radio and television services -> Telecommunications media services
    "923": ("90150000", "90130000"),  # Entertainment services -> Entertainment services; Performing arts
    "924": ("82110000",),  # News-agency services -> Writing and translations
    "925": ("83120000",),  # Library, archives, museums and other cultural services -> Information services
    "926": ("90140000",),  # Sporting services -> Commercial sports
    # 98 Other community, social and personal services
    "98": ("91000000", "94000000"),  # (division) -> Personal and Domestic Services; Organizations and Clubs
    "981": (
        "94100000",
        "94130000",
        "94110000",
    ),  # Membership organisation services -> Work related organizations; Civic organizations and associations and movements; Religious organizations
    "982": (
        "80110000",
        "93140000",
    ),  # Equal opportunities consultancy services -> Human resources services; Community and social services
    "983": (
        "91110000",
        "91100000",
        "85170000",
    ),  # Miscellaneous services -> Domestic and personal assistance; Personal appearance; Death and dying support services
    "985": ("91110000",),  # Private households with employed persons -> Domestic and personal assistance
    "989": (
        "93120000",
    ),  # Services provided by extra-territorial organisations and bodies -> International relations
}


def cpv_to_unspsc(cpv_code: str) -> list[str]:
    """UNSPSC segment/family codes for a CPV code ("45233120-6" or "45233120"), most specific mapping first.

    Returns [] for text that is not a CPV code or a division the table does not know.
    """
    try:
        code8 = cpv_code8(cpv_code)
    except ValueError:
        return []
    for length in (4, 3, 2):
        targets = CPV_TO_UNSPSC.get(code8[:length])
        if targets is not None:
            return list(targets)
    return []


def mapping_reaches_family(targets: list[str]) -> bool:
    """Whether every target is a family (so family-level accuracy can be scored against it)."""
    return bool(targets) and all(t[2:4] != "00" and t[4:] == "0000" for t in targets)
