package io.github.cookiegate.spring;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotationMetadata;

/**
 * With Tomcat and Jetty both on the classpath, a Jetty factory bean makes Boot's other factory back
 * off. Registered by class name, before the auto-configurations' conditions run, because the class
 * moved in Boot 4 ({@link BootLine#servletWebServerFactory(String)}).
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(JettyServer.Registrar.class)
class JettyServer {

  static final class Registrar implements ImportBeanDefinitionRegistrar {
    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
      registry.registerBeanDefinition("jettyServletWebServerFactory",
          new RootBeanDefinition(BootLine.servletWebServerFactory("jetty")));
    }
  }
}
