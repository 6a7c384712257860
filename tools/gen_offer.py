#!/usr/bin/env python3
"""Write a large synthetic AWS Price List offer file in the bulk layout, for import benchmarks:

    python3 tools/gen_offer.py OUT.json [PRODUCTS]

Mostly noise products (Windows, RHEL, SUSE, Dedicated, Host), as real files are, each priced on
demand and with the twelve reserved offers a real file carries (standard and convertible, 1yr
and 3yr, No, Partial and All Upfront, the upfront ones with a `Quantity` fee), so reserved terms
make up most of the bytes as they do in AmazonEC2 files. Prices are synthetic: use the file for
timing only. The default 73,000 products make about 600 MB.
"""
import json
import random
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 73_000
rnd = random.Random(1)
types = [f"{f}.{s}" for f in ["m5", "c5", "r5", "p3", "g5", "m7i", "c7i", "r7i"] for s in ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"]]
oses = ["Linux", "Windows", "RHEL", "SUSE"]
with open(out, "w") as f:
    f.write('{"formatVersion":"v1.0","disclaimer":"synthetic","offerCode":"AmazonEC2","version":"20261101000000","publicationDate":"2026-11-01T00:00:00Z","products":{')
    for i in range(n):
        t = types[i % len(types)]
        os_ = oses[rnd.randrange(4)] if i >= len(types) else "Linux"
        ten = "Shared" if i < len(types) or rnd.random() < 0.5 else rnd.choice(["Dedicated", "Host"])
        p = {"sku": f"SKU{i:08d}", "productFamily": "Compute Instance", "attributes": {
            "instanceType": t, "regionCode": "us-east-1", "location": "US East (N. Virginia)", "vcpu": "4", "memory": "16 GiB",
            "operatingSystem": os_, "tenancy": ten, "capacitystatus": "Used", "preInstalledSw": "NA",
            "licenseModel": "No License required", "usagetype": f"BoxUsage:{t}", "servicecode": "AmazonEC2",
            "physicalProcessor": "Intel Xeon Platinum 8175 (Skylake)", "networkPerformance": "Up to 10 Gigabit"}}
        f.write(("," if i else "") + json.dumps(f"SKU{i:08d}") + ":" + json.dumps(p))
    f.write('},"terms":{"OnDemand":{')
    for i in range(n):
        sku = f"SKU{i:08d}"
        code = sku + ".JRTCKXETXF"
        term = {code: {"offerTermCode": "JRTCKXETXF", "sku": sku, "effectiveDate": "2026-11-01T00:00:00Z",
            "priceDimensions": {code + ".6YS6EN2CT7": {"unit": "Hrs", "endRange": "Inf", "description": "synthetic",
                "appliesTo": [], "rateCode": code + ".6YS6EN2CT7", "beginRange": "0",
                "pricePerUnit": {"USD": f"{0.05 + (i % 97) * 0.01:.10f}"}}}, "termAttributes": {}}}
        f.write(("," if i else "") + json.dumps(sku) + ":" + json.dumps(term))
    f.write('},"Reserved":{')
    offers = [(c, l, o) for c in ["standard", "convertible"] for l in ["1yr", "3yr"]
              for o in ["No Upfront", "Partial Upfront", "All Upfront"]]
    for i in range(n):
        sku = f"SKU{i:08d}"
        base = 0.05 + (i % 97) * 0.01
        terms = {}
        for k, (klass, length, option) in enumerate(offers):
            code = f"{sku}.RT{k:08d}"
            years = 1 if length == "1yr" else 3
            hourly = {"No Upfront": base * 0.63, "Partial Upfront": base * 0.31, "All Upfront": 0.0}[option]
            dims = {code + ".6YS6EN2CT7": {"unit": "Hrs", "endRange": "Inf", "description": "synthetic",
                "appliesTo": [], "rateCode": code + ".6YS6EN2CT7", "beginRange": "0",
                "pricePerUnit": {"USD": f"{hourly:.10f}"}}}
            if option != "No Upfront":
                fee = base * 8760 * years * (0.3 if option == "Partial Upfront" else 0.6)
                dims[code + ".2TG2D8R56U"] = {"unit": "Quantity", "description": "Upfront Fee",
                    "appliesTo": [], "rateCode": code + ".2TG2D8R56U", "pricePerUnit": {"USD": f"{fee:.0f}"}}
            terms[code] = {"offerTermCode": f"RT{k:08d}", "sku": sku, "effectiveDate": "2026-11-01T00:00:00Z",
                "priceDimensions": dims, "termAttributes": {"LeaseContractLength": length,
                    "OfferingClass": klass, "PurchaseOption": option}}
        f.write(("," if i else "") + json.dumps(sku) + ":" + json.dumps(terms))
    f.write('}}}')
