/**
 * Real, offline Terraform checks for synthesized stacks: validate and plan them in one batch, plan a new synth over a
 * deployment of the previous one. Guide: docs/offline-terraform.md.
 * @module cdktf-kinesis-pipeline/testing/terraform
 */
export * from "../../../dist/testing/terraform/index";
