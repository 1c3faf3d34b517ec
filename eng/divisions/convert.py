"""Turns china-division's provinces/cities/areas CSV files into the register's divisions.csv (stdout)."""
import csv
import sys

dist = sys.argv[1]
# Rows that group counties under a province without being a division themselves.
GROUPING = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def rows(name):
    with open(f"{dist}/{name}", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["code", "name", "parent", "level"])
grouping_cities = set()
city_names = {}
for p in rows("provinces.csv"):
    out.writerow([p["code"].ljust(6, "0"), p["name"], "", "province"])
for c in rows("cities.csv"):
    if c["name"] in GROUPING:
        grouping_cities.add(c["code"])
        continue
    city_names[c["code"]] = c["name"]
    out.writerow([c["code"].ljust(6, "0"), c["name"], c["provinceCode"].ljust(6, "0"), "city"])
for a in rows("areas.csv"):
    # Cities without counties (东莞市, 中山市, 儋州市, 嘉峪关市) are listed again as their own area: not a division.
    if a["code"] == a["cityCode"].ljust(6, "0") or a["name"] == city_names.get(a["cityCode"]):
        continue
    parent = a["provinceCode"].ljust(6, "0") if a["cityCode"] in grouping_cities else a["cityCode"].ljust(6, "0")
    out.writerow([a["code"], a["name"], parent, "county"])
