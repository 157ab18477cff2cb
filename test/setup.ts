import { Testing } from "cdktf";

// Registers cdktf's matchers (toHaveResource, toHaveResourceWithProperties, …) on jest's expect.
Testing.setupJest();
