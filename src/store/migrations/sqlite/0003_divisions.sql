-- §3.1: places as administrative division codes (GB/T 2260, data/divisions.csv). The names
-- stay as the register holds them; each place gains its code, and §3.1 is judged by code, so
-- "山东", "山东省" and "Shandong" are one province. A name this migration cannot map (a typo, a
-- county, an unlisted spelling) is left without a code and is listed by `baotu places`: it is
-- corrected by an officer, never guessed here.
ALTER TABLE institutions ADD COLUMN registered_province_code TEXT;
ALTER TABLE institutions ADD COLUMN registered_city_code TEXT;
ALTER TABLE institutions ADD COLUMN main_office_city_code TEXT;
-- A unified social credit code whose characters 3–8 name a registering authority elsewhere than
-- the stated registered place: registration stands, the warning waits for an officer's
-- acknowledgement (an event with a reason). Firms move; a code is not proof.
ALTER TABLE institutions ADD COLUMN place_warning TEXT CHECK (place_warning IN ('credit_code_place_mismatch'));
ALTER TABLE institutions ADD COLUMN place_warning_ack_at INTEGER;
ALTER TABLE institutions ADD COLUMN place_warning_ack_by TEXT;
ALTER TABLE institutions ADD COLUMN place_warning_ack_reason TEXT;

-- The names of data/divisions.csv as shipped with this migration: full, short and English
-- (lowercase). A municipality or special administrative region is also its own city; the
-- abolished Laiwu (371200, merged into Jinan in January 2019) maps to Jinan.
CREATE TABLE division_names_0003 (
  level TEXT NOT NULL,
  name  TEXT NOT NULL,
  code  TEXT NOT NULL
) STRICT;
INSERT INTO division_names_0003 (level, name, code) VALUES
('province', '北京市', '110000'),
('province', '北京', '110000'),
('province', 'beijing', '110000'),
('city', '北京市', '110000'),
('city', '北京', '110000'),
('city', 'beijing', '110000'),
('province', '天津市', '120000'),
('province', '天津', '120000'),
('province', 'tianjin', '120000'),
('city', '天津市', '120000'),
('city', '天津', '120000'),
('city', 'tianjin', '120000'),
('province', '河北省', '130000'),
('province', '河北', '130000'),
('province', 'hebei', '130000'),
('province', '山西省', '140000'),
('province', '山西', '140000'),
('province', 'shanxi', '140000'),
('province', '内蒙古自治区', '150000'),
('province', '内蒙古', '150000'),
('province', 'inner mongolia', '150000'),
('province', '辽宁省', '210000'),
('province', '辽宁', '210000'),
('province', 'liaoning', '210000'),
('province', '吉林省', '220000'),
('province', '吉林', '220000'),
('province', 'jilin', '220000'),
('province', '黑龙江省', '230000'),
('province', '黑龙江', '230000'),
('province', 'heilongjiang', '230000'),
('province', '上海市', '310000'),
('province', '上海', '310000'),
('province', 'shanghai', '310000'),
('city', '上海市', '310000'),
('city', '上海', '310000'),
('city', 'shanghai', '310000'),
('province', '江苏省', '320000'),
('province', '江苏', '320000'),
('province', 'jiangsu', '320000'),
('province', '浙江省', '330000'),
('province', '浙江', '330000'),
('province', 'zhejiang', '330000'),
('province', '安徽省', '340000'),
('province', '安徽', '340000'),
('province', 'anhui', '340000'),
('province', '福建省', '350000'),
('province', '福建', '350000'),
('province', 'fujian', '350000'),
('province', '江西省', '360000'),
('province', '江西', '360000'),
('province', 'jiangxi', '360000'),
('province', '山东省', '370000'),
('province', '山东', '370000'),
('province', 'shandong', '370000'),
('province', '河南省', '410000'),
('province', '河南', '410000'),
('province', 'henan', '410000'),
('province', '湖北省', '420000'),
('province', '湖北', '420000'),
('province', 'hubei', '420000'),
('province', '湖南省', '430000'),
('province', '湖南', '430000'),
('province', 'hunan', '430000'),
('province', '广东省', '440000'),
('province', '广东', '440000'),
('province', 'guangdong', '440000'),
('province', '广西壮族自治区', '450000'),
('province', '广西', '450000'),
('province', 'guangxi', '450000'),
('province', '海南省', '460000'),
('province', '海南', '460000'),
('province', 'hainan', '460000'),
('province', '重庆市', '500000'),
('province', '重庆', '500000'),
('province', 'chongqing', '500000'),
('city', '重庆市', '500000'),
('city', '重庆', '500000'),
('city', 'chongqing', '500000'),
('province', '四川省', '510000'),
('province', '四川', '510000'),
('province', 'sichuan', '510000'),
('province', '贵州省', '520000'),
('province', '贵州', '520000'),
('province', 'guizhou', '520000'),
('province', '云南省', '530000'),
('province', '云南', '530000'),
('province', 'yunnan', '530000'),
('province', '西藏自治区', '540000'),
('province', '西藏', '540000'),
('province', 'xizang (tibet)', '540000'),
('province', '陕西省', '610000'),
('province', '陕西', '610000'),
('province', 'shaanxi', '610000'),
('province', '甘肃省', '620000'),
('province', '甘肃', '620000'),
('province', 'gansu', '620000'),
('province', '青海省', '630000'),
('province', '青海', '630000'),
('province', 'qinghai', '630000'),
('province', '宁夏回族自治区', '640000'),
('province', '宁夏', '640000'),
('province', 'ningxia', '640000'),
('province', '新疆维吾尔自治区', '650000'),
('province', '新疆', '650000'),
('province', 'xinjiang', '650000'),
('province', '台湾省', '710000'),
('province', '台湾', '710000'),
('province', 'taiwan', '710000'),
('province', '香港特别行政区', '810000'),
('province', '香港', '810000'),
('province', 'hong kong', '810000'),
('city', '香港特别行政区', '810000'),
('city', '香港', '810000'),
('city', 'hong kong', '810000'),
('province', '澳门特别行政区', '820000'),
('province', '澳门', '820000'),
('province', 'macao', '820000'),
('city', '澳门特别行政区', '820000'),
('city', '澳门', '820000'),
('city', 'macao', '820000'),
('city', '济南市', '370100'),
('city', '济南', '370100'),
('city', 'jinan', '370100'),
('city', '青岛市', '370200'),
('city', '青岛', '370200'),
('city', 'qingdao', '370200'),
('city', '淄博市', '370300'),
('city', '淄博', '370300'),
('city', 'zibo', '370300'),
('city', '枣庄市', '370400'),
('city', '枣庄', '370400'),
('city', 'zaozhuang', '370400'),
('city', '东营市', '370500'),
('city', '东营', '370500'),
('city', 'dongying', '370500'),
('city', '烟台市', '370600'),
('city', '烟台', '370600'),
('city', 'yantai', '370600'),
('city', '潍坊市', '370700'),
('city', '潍坊', '370700'),
('city', 'weifang', '370700'),
('city', '济宁市', '370800'),
('city', '济宁', '370800'),
('city', 'jining', '370800'),
('city', '泰安市', '370900'),
('city', '泰安', '370900'),
('city', 'tai''an', '370900'),
('city', '威海市', '371000'),
('city', '威海', '371000'),
('city', 'weihai', '371000'),
('city', '日照市', '371100'),
('city', '日照', '371100'),
('city', 'rizhao', '371100'),
('city', '莱芜市', '370100'),
('city', '莱芜', '370100'),
('city', 'laiwu', '370100'),
('city', '临沂市', '371300'),
('city', '临沂', '371300'),
('city', 'linyi', '371300'),
('city', '德州市', '371400'),
('city', '德州', '371400'),
('city', 'dezhou', '371400'),
('city', '聊城市', '371500'),
('city', '聊城', '371500'),
('city', 'liaocheng', '371500'),
('city', '滨州市', '371600'),
('city', '滨州', '371600'),
('city', 'binzhou', '371600'),
('city', '菏泽市', '371700'),
('city', '菏泽', '371700'),
('city', 'heze', '371700'),
('city', '大连市', '210200'),
('city', '大连', '210200'),
('city', 'dalian', '210200'),
('city', '宁波市', '330200'),
('city', '宁波', '330200'),
('city', 'ningbo', '330200'),
('city', '厦门市', '350200'),
('city', '厦门', '350200'),
('city', 'xiamen', '350200'),
('city', '深圳市', '440300'),
('city', '深圳', '440300'),
('city', 'shenzhen', '440300');

UPDATE institutions SET registered_province_code = (
  SELECT code FROM division_names_0003 d
  WHERE d.level = 'province' AND d.name = lower(trim(institutions.registered_province)));
-- a city is mapped only when it lies in the mapped province; anything else stays unmapped
UPDATE institutions SET registered_city_code = (
  SELECT code FROM division_names_0003 d
  WHERE d.level = 'city' AND d.name = lower(trim(institutions.registered_city))
    AND substr(d.code, 1, 2) = substr(institutions.registered_province_code, 1, 2));
UPDATE institutions SET main_office_city_code = (
  SELECT code FROM division_names_0003 d
  WHERE d.level = 'city' AND d.name = lower(trim(institutions.main_office_city)));

-- The credit-code check of registration, applied to the rows already registered: city level
-- (first four digits + 00, Laiwu 3712 as Jinan 3701), province level for a municipality or a
-- city without a code.
UPDATE institutions SET place_warning = 'credit_code_place_mismatch'
WHERE registered_province_code IS NOT NULL
  AND CASE
    WHEN registered_city_code IS NULL
      OR registered_province_code IN ('110000', '120000', '310000', '500000', '810000', '820000')
    THEN substr(credit_code, 3, 2) <> substr(registered_province_code, 1, 2)
    ELSE (CASE WHEN substr(credit_code, 3, 4) = '3712' THEN '3701' ELSE substr(credit_code, 3, 4) END)
         <> substr(registered_city_code, 1, 4)
  END;

DROP TABLE division_names_0003;
