"""Phrases from Libyan news copy, combined by ``content.py`` into deterministic articles.

Subjects carry their grammatical gender so that verbs agree (``أعلن``/``أعلنت``); a few
words carry tanween (``مشيراً``) so that aggregator copies can differ by diacritics only.
"""

from __future__ import annotations

# (full name, gender "m"/"f", short form for headlines)
SUBJECTS_AR: tuple[tuple[str, str, str], ...] = (
    ("رئيس حكومة الوحدة الوطنية عبد الحميد الدبيبة", "m", "الدبيبة"),
    ("رئيس المجلس الرئاسي محمد المنفي", "m", "المنفي"),
    ("رئيس مجلس النواب عقيلة صالح", "m", "عقيلة صالح"),
    ("المجلس الأعلى للدولة", "m", "الأعلى للدولة"),
    ("المؤسسة الوطنية للنفط", "f", "مؤسسة النفط"),
    ("مصرف ليبيا المركزي", "m", "المركزي"),
    ("بعثة الأمم المتحدة للدعم في ليبيا", "f", "البعثة الأممية"),
    ("وزارة الداخلية بحكومة الوحدة الوطنية", "f", "الداخلية"),
    ("المفوضية الوطنية العليا للانتخابات", "f", "مفوضية الانتخابات"),
    ("وزارة الصحة", "f", "وزارة الصحة"),
    ("الهلال الأحمر الليبي", "m", "الهلال الأحمر"),
    ("بلدية طرابلس المركز", "f", "بلدية طرابلس"),
    ("جهاز الإسعاف والطوارئ", "m", "الإسعاف والطوارئ"),
    ("وزارة التعليم", "f", "وزارة التعليم"),
    ("الشركة العامة للكهرباء", "f", "شركة الكهرباء"),
    ("المركز الوطني لمكافحة الأمراض", "m", "مكافحة الأمراض"),
    ("النائب العام", "m", "النائب العام"),
    ("وزير الخارجية المكلف", "m", "وزير الخارجية"),
    ("ديوان المحاسبة", "m", "ديوان المحاسبة"),
    ("الحكومة الليبية المكلفة من مجلس النواب", "f", "الحكومة المكلفة"),
    ("هيئة الرقابة الإدارية", "f", "الرقابة الإدارية"),
    ("وزارة المواصلات", "f", "وزارة المواصلات"),
)

# (past m, past f, present m, present f)
VERBS_AR: tuple[tuple[str, str, str, str], ...] = (
    ("بحث", "بحثت", "يبحث", "تبحث"),
    ("ناقش", "ناقشت", "يناقش", "تناقش"),
    ("تابع", "تابعت", "يتابع", "تتابع"),
    ("استعرض", "استعرضت", "يستعرض", "تستعرض"),
    ("أطلق", "أطلقت", "يطلق", "تطلق"),
    ("دعا إلى", "دعت إلى", "يدعو إلى", "تدعو إلى"),
)

TOPICS_AR: tuple[str, ...] = (
    "ملف الانتخابات الرئاسية والبرلمانية",
    "توحيد المؤسسة العسكرية",
    "أزمة السيولة في المصارف التجارية",
    "إعادة إعمار مدينة درنة",
    "تحسين خدمات الكهرباء خلال فصل الصيف",
    "دعم القطاع الصحي في الجنوب",
    "مكافحة الهجرة غير النظامية",
    "تأمين الحدود الجنوبية",
    "المرحلة الثانية من مشروع صيانة الطرق",
    "رفع معدلات إنتاج النفط والغاز",
    "صرف مرتبات العاملين بالقطاع العام",
    "تطوير المنافذ البرية والبحرية",
    "توفير الوقود في محطات التزود",
    "مشروع المصالحة الوطنية الشاملة",
    "استقرار سعر صرف الدينار الليبي",
    "مشروعات التنمية في البلديات",
    "تنظيم امتحانات الشهادة الثانوية",
    "حملة التطعيم ضد شلل الأطفال",
    "إنشاء محطات تحلية مياه البحر",
    "الاستعداد لموسم الأمطار والسيول",
    "تطوير مطار معيتيقة الدولي",
    "مكافحة تهريب الوقود عبر الحدود",
    "توزيع السلع التموينية على الأسر",
    "إصلاح منظومة الرقم الوطني",
)

PLACES_AR: tuple[str, ...] = (
    "طرابلس",
    "بنغازي",
    "مصراتة",
    "سبها",
    "سرت",
    "درنة",
    "الزاوية",
    "غدامس",
    "طبرق",
    "البيضاء",
    "زليتن",
    "غريان",
    "أوباري",
    "الكفرة",
    "الخمس",
    "صبراتة",
    "ترهونة",
    "أجدابيا",
)

PARTNERS_AR: tuple[str, ...] = (
    "وفد من البنك الدولي",
    "سفير الاتحاد الأوروبي لدى ليبيا",
    "المبعوث الأممي إلى ليبيا",
    "وفد من الاتحاد الأفريقي",
    "السفير الإيطالي لدى ليبيا",
    "عمداء عدد من البلديات",
    "ممثلي منظمات المجتمع المدني",
    "رجال أعمال من القطاع الخاص",
    "وفد تركي رفيع المستوى",
    "القائم بأعمال السفارة الأمريكية",
    "مديري الإدارات المختصة",
    "أعيان ومشايخ المنطقة",
)

DAYS_AR: tuple[str, ...] = (
    "يوم الأحد",
    "يوم الإثنين",
    "يوم الثلاثاء",
    "يوم الأربعاء",
    "يوم الخميس",
    "أمس",
    "صباح اليوم",
    "مساء أمس",
)

SPEAKERS_AR: tuple[str, ...] = (
    "المتحدث الرسمي باسم الوزارة",
    "مدير المكتب الإعلامي",
    "عضو اللجنة المشتركة",
    "مصدر مسؤول",
    "رئيس اللجنة التسييرية",
    "مدير إدارة الإعلام",
)

QUOTES_AR: tuple[str, ...] = (
    "العمل مستمر لتذليل كافة الصعوبات أمام المواطنين",
    "هذه المرحلة تتطلب تضافر جهود جميع المؤسسات",
    "لن نسمح بأي تجاوزات تمس أمن المواطن",
    "الأولوية القصوى هي تحسين الخدمات المقدمة للناس",
    "الإجراءات الجديدة ستدخل حيز التنفيذ خلال أيام",
    "نتائج الاجتماع ستعلن بشكل رسمي فور اعتمادها",
    "الفرق الفنية تعمل على مدار الساعة",
)

FRAMEWORKS_AR: tuple[str, ...] = (
    "خطة الحكومة لتحسين مستوى الخدمات",
    "الجهود المبذولة لتعزيز الاستقرار",
    "التنسيق بين المؤسسات السيادية",
    "الاستعدادات لفصل الشتاء",
    "متابعة تنفيذ الميزانية العامة",
    "تنفيذ توصيات الملتقى الوطني",
)

UNITS_AR: tuple[str, ...] = (
    "أسرة",
    "طالباً",
    "مليون دينار",
    "شاحنة",
    "حالة",
    "موظفاً",
    "مهاجراً",
    "كيلومتراً",
)

PERIODS_AR: tuple[str, ...] = (
    "الأسبوع الماضي",
    "الأشهر الثلاثة الماضية",
    "العام الجاري",
    "الفترة الماضية",
    "الربع الأول من العام",
)

NEEDS_AR: tuple[str, ...] = (
    "توحيد الجهود بين الجهات المختصة",
    "الإسراع في تنفيذ المشروعات المتعثرة",
    "تفعيل دور الأجهزة الرقابية",
    "احترام سيادة القانون",
    "إشراك البلديات في وضع الخطط",
    "توفير الميزانيات اللازمة دون تأخير",
)

FUTURES_AR: tuple[str, ...] = (
    "تستأنف اللجنة أعمالها",
    "يعقد اجتماع موسع",
    "تنطلق أعمال الصيانة",
    "يصدر تقرير مفصل",
    "تبدأ عملية التسجيل",
)

LATERS_AR: tuple[str, ...] = (
    "الأسبوع المقبل",
    "مطلع الشهر القادم",
    "خلال الأيام القليلة المقبلة",
    "قبل نهاية العام",
)

SUBHEADINGS_AR: tuple[str, ...] = (
    "تفاصيل الاجتماع",
    "خلفية القرار",
    "ردود الفعل",
    "الخطوات المقبلة",
    "أرقام وإحصاءات",
    "مطالب المواطنين",
)

AUTHORS_AR: tuple[str, ...] = (
    "محمد الترهوني",
    "سالم العبيدي",
    "فاطمة الورفلي",
    "عبدالله الفرجاني",
    "هدى الشريف",
    "أحمد المقريف",
)

CAPTIONS_AR: tuple[str, ...] = (
    "صورة من الاجتماع (أرشيفية)",
    "جانب من اللقاء",
    "صورة أرشيفية",
)

# --- English (Drupal outlet, like libyaobserver.ly) ---------------------------------------

SUBJECTS_EN: tuple[tuple[str, str], ...] = (
    ("Prime Minister Abdul Hamid Dbeibah", "Dbeibah"),
    ("The Presidential Council", "Presidential Council"),
    ("The House of Representatives", "HoR"),
    ("The High Council of State", "High Council of State"),
    ("The National Oil Corporation", "NOC"),
    ("The Central Bank of Libya", "CBL"),
    ("The UN Support Mission in Libya", "UNSMIL"),
    ("The Interior Ministry", "Interior Ministry"),
    ("The High National Elections Commission", "HNEC"),
    ("The Health Ministry", "Health Ministry"),
    ("The Libyan Red Crescent", "Red Crescent"),
    ("The General Electricity Company", "GECOL"),
)

VERBS_EN: tuple[tuple[str, str], ...] = (
    ("discussed", "discusses"),
    ("reviewed", "reviews"),
    ("launched", "launches"),
    ("announced plans for", "announces plans for"),
    ("called for progress on", "calls for progress on"),
)

TOPICS_EN: tuple[str, ...] = (
    "the presidential and parliamentary elections",
    "unifying the military institution",
    "the cash liquidity crisis",
    "the reconstruction of Derna",
    "summer electricity supply",
    "health services in the south",
    "irregular migration",
    "southern border security",
    "road maintenance projects",
    "oil and gas output",
    "public sector salaries",
    "fuel supply at petrol stations",
    "national reconciliation",
    "the exchange rate of the dinar",
    "desalination plants",
    "Mitiga International Airport",
)

PLACES_EN: tuple[str, ...] = (
    "Tripoli",
    "Benghazi",
    "Misrata",
    "Sabha",
    "Sirte",
    "Derna",
    "Zawiya",
    "Ghadames",
    "Tobruk",
    "Zliten",
    "Gharyan",
    "Kufra",
)

PARTNERS_EN: tuple[str, ...] = (
    "a World Bank delegation",
    "the EU ambassador to Libya",
    "the UN envoy",
    "an African Union delegation",
    "the Italian ambassador",
    "several municipal mayors",
    "civil society representatives",
    "a Turkish delegation",
)

SPEAKERS_EN: tuple[str, ...] = (
    "a spokesman for the ministry",
    "the head of the media office",
    "a member of the joint committee",
    "an official source",
)

QUOTES_EN: tuple[str, ...] = (
    "work continues to remove every obstacle facing citizens",
    "this stage requires the efforts of all institutions",
    "the new measures will take effect within days",
    "technical teams are working around the clock",
)

AUTHORS_EN: tuple[str, ...] = (
    "Abdullah Ben Ibrahim",
    "Sarah Elbakoush",
    "Ahmed Elumami",
    "Nadia Ramadan",
)

SUBHEADINGS_EN: tuple[str, ...] = (
    "Background",
    "What comes next",
    "Reactions",
)
