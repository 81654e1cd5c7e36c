package org.samtune.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.util.Locale;

/**
 * Starts DJL's PyTorch engine the way a Fiji plugin needs it: offline (never downloads natives or
 * phones home), with the plugin's class loader as thread context class loader (engine discovery
 * uses it), with a user-chosen intra-op thread count, and with a user-chosen device.
 *
 * <p>All settings must be in place before the first DJL class touches the engine, so every entry
 * point (CLI, SciJava command, ImageJ 1.x wrapper, tests) calls {@link #init(int)} first.
 */
public final class DjlRuntime {

    /** Where the computation runs: the user's choice in every front-end. */
    public enum DeviceChoice {
        CPU, GPU, AUTO;

        public static DeviceChoice parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown device '" + s + "': use cpu, gpu or auto");
            }
        }
    }

    private static volatile Engine engine;

    private DjlRuntime() {}

    /**
     * Configures and starts the engine once per JVM.
     *
     * @param threads intra-op threads; 0 or less keeps an explicit -Dai.djl.pytorch.num_threads or
     *     else PyTorch's default (number of cores)
     */
    public static synchronized Engine init(int threads) {
        if (engine != null) {
            return engine;
        }
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        if (threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        NativeMemory.keepFreedMemory(); // before the first tensor: see there
        shortenOpenMpSpinWait();
        keepFloat32OnGpu();
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        // Inside Fiji the plugin class loader owns DJL and its native jars; ServiceLoader and the
        // pytorch.properties lookup only see the thread context class loader.
        current.setContextClassLoader(DjlRuntime.class.getClassLoader());
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("Could not start the PyTorch engine (DJL " + "0.33.0"
                    + "): " + e.getMessage()
                    + ". Check that pytorch-jni and pytorch-native-cpu jars are installed.", e);
        } finally {
            current.setContextClassLoader(previous);
        }
        return engine;
    }

    /** libgomp's busy-wait after each parallel region, in spins, unless the user set one (see below). */
    static final String OPENMP_SPIN_COUNT = "10000";

    /**
     * PyTorch's CPU threads (libgomp) busy-wait after every parallel region before they sleep:
     * 300,000 spins by default, milliseconds of a core. SAM Tune interleaves PyTorch ops with Java work
     * (the mask upscaling of every prompt, in parallel on all cores), which then ran beside a spinning
     * thread: the upscaling of a 1333x1000 mask took 3-4 ms instead of 2 ms after each decoder call.
     * 10,000 spins still bridge the gap between consecutive PyTorch ops. Must run before libgomp is
     * loaded (it reads the variable once); the user's own GOMP_SPINCOUNT or OMP_WAIT_POLICY wins.
     */
    private static void shortenOpenMpSpinWait() {
        if (NativeMemory.getenv("OMP_WAIT_POLICY") == null) {
            NativeMemory.setenvIfAbsent("GOMP_SPINCOUNT", OPENMP_SPIN_COUNT);
        }
    }

    /** The value that keeps NVIDIA's libraries in full float32 (see {@link #keepFloat32OnGpu}). */
    static final String TF32_OVERRIDE = "0";

    /**
     * On Ampere and newer GPUs PyTorch lets cuDNN run float32 convolutions in TF32 (a 10-bit mantissa)
     * by default. Measured on an H200: the image embeddings of the reference fixtures then differ from
     * the float32 reference by 2-3e-3 (the 1x1 and 3x3 convolutions of the encoder neck), twenty times
     * the parity tolerance, and every mask downstream inherits it. DJL has no switch for PyTorch's
     * {@code allow_tf32} flags, but NVIDIA's libraries (cuDNN, cuBLAS) read {@code NVIDIA_TF32_OVERRIDE}
     * and stay in float32 when it is 0. Results then equal the CPU's within float32 rounding. Set
     * before any GPU work; a user who prefers TF32's speed sets the variable (to 1) themselves.
     */
    private static void keepFloat32OnGpu() {
        NativeMemory.setenvIfAbsent("NVIDIA_TF32_OVERRIDE", TF32_OVERRIDE);
    }

    /** "cpu" or "gpu N", as users name devices. */
    public static String name(Device device) {
        return device.isGpu() ? "gpu " + device.getDeviceId() : "cpu";
    }

    /** Resolves the user's device choice; GPU fails clearly when no GPU is usable. */
    public static Device device(DeviceChoice choice) {
        Engine e = init(0);
        int gpus = e.getGpuCount();
        switch (choice) {
            case CPU:
                return Device.cpu();
            case GPU:
                if (gpus == 0) {
                    throw new IllegalStateException("--device gpu was requested but PyTorch sees no CUDA GPU "
                            + "(install the pytorch-native-cu124 jar and an NVIDIA driver >= 12.4, or use --device cpu)");
                }
                return Device.gpu();
            default:
                return gpus > 0 ? Device.gpu() : Device.cpu();
        }
    }
}
