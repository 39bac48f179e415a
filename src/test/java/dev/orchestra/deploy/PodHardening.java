package dev.orchestra.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;

/** What a deployment of the server must give its pod. */
final class PodHardening {

    private PodHardening() {
    }

    /**
     * Non-root, RuntimeDefault seccomp, no service-account token; the container on a read-only root filesystem, no
     * privilege escalation, every capability dropped, {@code /tmp} an emptyDir.
     */
    static void assertHardened(PodSpec pod, Container c) {
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertTrue(pod.getSecurityContext().getRunAsUser() > 0);
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertFalse(pod.getAutomountServiceAccountToken());
        assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
        assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
        assertEquals("/tmp", c.getVolumeMounts().get(0).getMountPath());
        String volume = c.getVolumeMounts().get(0).getName();
        assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getName().equals(volume) && v.getEmptyDir() != null));
    }
}
