/**
 * The roles the README snippets grant to: an IAM role that one AWS service may assume.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Construct } from "constructs";
import { policyDocument } from "cdktf-kinesis-pipeline";

/** An `aws_iam_role` named `name` that `service` (e.g. "lambda.amazonaws.com") may assume. */
export function serviceRole(scope: Construct, name: string, service: string): IamRole {
  return new IamRole(scope, name, {
    name,
    assumeRolePolicy: policyDocument([{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }]),
  });
}
