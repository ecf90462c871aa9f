package io.github.cookiegate.spring;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotationMetadata;

/**
 * With Tomcat and Jetty both on the classpath (Boot 4 picks Jetty then), a Tomcat factory bean makes Boot's other factory back
 * off. Registered by class name, before the auto-configurations' conditions run, because the class
 * moved in Boot 4 ({@link BootLine#servletWebServerFactory(String)}).
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(TomcatServer.Registrar.class)
class TomcatServer {

  static final class Registrar implements ImportBeanDefinitionRegistrar {
    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
      registry.registerBeanDefinition("tomcatServletWebServerFactory",
          new RootBeanDefinition(BootLine.servletWebServerFactory("tomcat")));
    }
  }
}
