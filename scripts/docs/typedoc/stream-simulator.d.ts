/**
 * The capacity model behind `stream-sim` and the constructs' capacity checks: service limits and prices, workload
 * parsing, simulation, sizing and cost. Guide: stream-simulator/README.md.
 * @module stream-simulator
 */
export * from "../../../stream-simulator/dist/index";
