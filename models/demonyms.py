import json, sys, re
d = json.load(open(sys.argv[1]))
ok = re.compile(r"^[A-Za-z][A-Za-z .'-]*$")
print("# Country names, alternative names and English demonyms, derived from world-countries 5.1.0")
print("# (countries.json, ODbL 1.0: https://opendatacommons.org/licenses/odbl/1-0/).")
print("# Regenerate: python3 models/demonyms.py ../shared/data/gazetteers/world-countries/countries.json > models/demonyms.tsv")
print("# Columns: country<TAB>kind (name|alt|demonym)<TAB>form. Independent countries first; the first")
print("# country listing a form owns it.")
# Independent countries first: where two share a form ("American"), the first wins.
for c in sorted(d, key=lambda c: (not c.get("independent"), c["name"]["common"])):
    name = c["name"]["common"]
    seen = {name.lower()}
    print(f"{name}\tname\t{name}")
    for alt in [c["name"]["official"]] + c.get("altSpellings", []):
        if not ok.match(alt) or alt.lower() in seen:
            continue
        if len(alt) < 3 and alt not in ("US", "UK"):
            continue
        seen.add(alt.lower())
        print(f"{name}\talt\t{alt}")
    dem = c.get("demonyms", {}).get("eng", {})
    for k in ("m", "f"):
        v = dem.get(k)
        if v and ok.match(v) and v.lower() not in seen:
            seen.add(v.lower())
            print(f"{name}\tdemonym\t{v}")
