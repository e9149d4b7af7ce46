// On-demand prices of the built-in instance types (instance-types.ts), so a scenario's fleet has a
// cost without the file spelling one out; a group's `pricePerHour` overrides the table or prices a
// type the table lacks.
//
// Region: US East (N. Virginia), us-east-1. Linux, shared tenancy, on-demand, USD per instance-hour.
// Source: the Amazon EC2 On-Demand Pricing page (https://aws.amazon.com/ec2/pricing/on-demand/) and,
// for the previous generations it no longer lists, the Previous Generation Instances page
// (https://aws.amazon.com/ec2/previous-generation/). Figures as published there as of 2024-06-01;
// t2/m4/c4/r3/m5/c5 prices had then been unchanged since each type's launch-era price cut. Prices
// change: a planner who needs today's figure writes `pricePerHour`.

/** The table's region, date and source, for reports that quote a cost. */
export const PRICE_TABLE_SOURCE = Object.freeze({
  region: 'us-east-1',
  operatingSystem: 'Linux',
  currency: 'USD',
  asOf: '2024-06-01',
  url: 'https://aws.amazon.com/ec2/pricing/on-demand/',
});

/** USD per instance-hour, keyed by EC2 API name (the same names as EC2_INSTANCE_TYPES). */
export const ON_DEMAND_PRICES: Readonly<Record<string, number>> = Object.freeze({
  't2.nano': 0.0058,
  't2.micro': 0.0116,
  't2.small': 0.023,
  't2.medium': 0.0464,
  't2.large': 0.0928,
  't2.xlarge': 0.1856,
  't2.2xlarge': 0.3712,

  'm3.medium': 0.067,
  'm3.large': 0.133,
  'm3.xlarge': 0.266,
  'm3.2xlarge': 0.532,

  'm4.large': 0.1,
  'm4.xlarge': 0.2,
  'm4.2xlarge': 0.4,
  'm4.4xlarge': 0.8,
  'm4.10xlarge': 2.0,
  'm4.16xlarge': 3.2,

  'c3.large': 0.105,
  'c3.xlarge': 0.21,
  'c3.2xlarge': 0.42,
  'c3.4xlarge': 0.84,
  'c3.8xlarge': 1.68,

  'c4.large': 0.1,
  'c4.xlarge': 0.199,
  'c4.2xlarge': 0.398,
  'c4.4xlarge': 0.796,
  'c4.8xlarge': 1.591,

  'r3.large': 0.166,
  'r3.xlarge': 0.333,
  'r3.2xlarge': 0.665,
  'r3.4xlarge': 1.33,
  'r3.8xlarge': 2.66,

  'g2.2xlarge': 0.65,
  'g2.8xlarge': 2.6,
  'p2.xlarge': 0.9,
  'p2.8xlarge': 7.2,
  'p2.16xlarge': 14.4,

  'c5.large': 0.085,
  'c5.xlarge': 0.17,
  'c5.2xlarge': 0.34,
  'c5.4xlarge': 0.68,
  'c5.9xlarge': 1.53,
  'c5.18xlarge': 3.06,

  'm5.large': 0.096,
  'm5.xlarge': 0.192,
  'm5.2xlarge': 0.384,
  'm5.4xlarge': 0.768,
  'm5.12xlarge': 2.304,
  'm5.24xlarge': 4.608,
});

/** The table's price of `type` in USD per hour, or undefined for a type it does not list (never throws). */
export function onDemandPrice(type: string): number | undefined {
  return Object.hasOwn(ON_DEMAND_PRICES, type) ? ON_DEMAND_PRICES[type] : undefined;
}
