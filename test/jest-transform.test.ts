import * as vm from "node:vm";

// The jest transform is plain JavaScript (jest loads it without compiling it).
const { withLocalBuiltIns } = require("./jest-transform") as { withLocalBuiltIns: (code: string) => string };

describe("jest transform: module-local bindings of built-ins", () => {
  it("binds the built-ins a compiled module uses right after its use-strict directive, on the first line", () => {
    const code =
      '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.f = Math.floor(1.5);\n';
    const patched = withLocalBuiltIns(code);
    expect(patched.split("\n")[0]).toBe('"use strict";const Math = globalThis.Math, Object = globalThis.Object;');
    expect(patched.split("\n").slice(1)).toEqual(code.split("\n").slice(1)); // line numbers unchanged
  });

  it("keeps a shebang line first", () => {
    expect(withLocalBuiltIns("#!/usr/bin/env node\nconsole.log(JSON.stringify(1));")).toBe(
      "#!/usr/bin/env node\nconst JSON = globalThis.JSON;console.log(JSON.stringify(1));"
    );
  });

  it("is idempotent: a module it already bound is left as it is (the package build patches dist/ after tsc -b)", () => {
    const once = withLocalBuiltIns('"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.f = Math.floor(1.5);\n');
    expect(withLocalBuiltIns(once)).toBe(once);
  });

  it("leaves a name alone that the module declares itself, and code without built-ins unchanged", () => {
    expect(withLocalBuiltIns("const Map = new WeakMap();\nMath.abs(1);")).toBe(
      "const Math = globalThis.Math;const Map = new WeakMap();\nMath.abs(1);"
    );
    expect(withLocalBuiltIns("let x = 1;\n")).toBe("let x = 1;\n");
  });

  it("binds the very objects the module would otherwise look up, so the code behaves the same", () => {
    const context = vm.createContext({ exports: {} });
    const code =
      '"use strict";\nexports.same = Math === globalThis.Math && Object === globalThis.Object;\nexports.v = Math.max(2, 3);';
    vm.runInContext(withLocalBuiltIns(code), context);
    expect(context.exports).toEqual({ same: true, v: 3 });
  });
});
