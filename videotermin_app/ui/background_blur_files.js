// Where the app serves the segmentation model and its runtime: the bundler (Vite) copies each file of
// the pinned npm package @mediapipe/selfie_segmentation into the build and gives its URL on the app's
// own origin (`?url&no-inline`: always a file, never a data: URL). Imported by background_blur.js only
// when the blur is switched on; nothing is fetched before that, and nothing from another origin.
import MAIN from "@mediapipe/selfie_segmentation/selfie_segmentation.js?url&no-inline";
import SIMD_JS from "@mediapipe/selfie_segmentation/selfie_segmentation_solution_simd_wasm_bin.js?url&no-inline";
import SIMD_WASM from "@mediapipe/selfie_segmentation/selfie_segmentation_solution_simd_wasm_bin.wasm?url&no-inline";
import PLAIN_JS from "@mediapipe/selfie_segmentation/selfie_segmentation_solution_wasm_bin.js?url&no-inline";
import PLAIN_WASM from "@mediapipe/selfie_segmentation/selfie_segmentation_solution_wasm_bin.wasm?url&no-inline";
import GRAPH from "@mediapipe/selfie_segmentation/selfie_segmentation.binarypb?url&no-inline";
import MODEL from "@mediapipe/selfie_segmentation/selfie_segmentation_landscape.tflite?url&no-inline";

export { MAIN };

// the names the package's loader asks for (its `locateFile`) -> the served URL
export const FILES = {
  "selfie_segmentation_solution_simd_wasm_bin.js": SIMD_JS,
  "selfie_segmentation_solution_simd_wasm_bin.wasm": SIMD_WASM,
  "selfie_segmentation_solution_wasm_bin.js": PLAIN_JS,
  "selfie_segmentation_solution_wasm_bin.wasm": PLAIN_WASM,
  "selfie_segmentation.binarypb": GRAPH,
  "selfie_segmentation_landscape.tflite": MODEL,
};
